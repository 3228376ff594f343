#!/bin/sh
# The copy hook contract of `cells migrate plan` (docs/migrations.md), as a stand-in for the application's own:
#
#   copy-tenant.sh copy|sync|verify|discard --tenant <id> --from <cell> --to <cell>
#
#   copy     bulk-copy the tenant's data from --from to --to while the tenant is live (idempotent; may run again)
#   sync     copy what changed since `copy` (writes are frozen at the edge while it runs)
#   verify   compare the tenant's data on both cells; exit 0 only when they agree
#   discard  delete the tenant's data on --to (a copy that is not the source of truth)
#
# Exit 0 on success, non-zero otherwise (the runbook stops there). This stand-in checks its arguments and says
# what the application's hook would do; it moves nothing, so it exits 1 after a valid call.
set -eu
usage() { echo "usage: $0 copy|sync|verify|discard --tenant <id> --from <cell> --to <cell>" >&2; exit 2; }
[ $# -eq 7 ] || usage
action=$1; shift
case "$action" in copy|sync|verify|discard) ;; *) usage ;; esac
tenant=""; from=""; to=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tenant) tenant=$2 ;;
    --from) from=$2 ;;
    --to) to=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[ -n "$tenant" ] && [ -n "$from" ] && [ -n "$to" ] || usage
echo "example hook: would $action tenant $tenant from cell $from to cell $to;" \
  "set migration.copyHook in cells/fleet.yaml to the application's own script" >&2
exit 1
