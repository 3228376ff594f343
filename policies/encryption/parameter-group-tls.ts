import { nist, NIST_800_53, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, shown } from "../lib/values";

/** The parameter that keeps TLS on, and the value that turns it off, per parameter group type. */
const GROUPS: Readonly<Record<string, { engine: string; parameter: string; off: (value: string) => boolean }>> = {
  // DocumentDB: tls is "enabled" by default; "disabled" lets clients connect in plaintext.
  "aws:docdb/clusterParameterGroup:ClusterParameterGroup": {
    engine: "DocumentDB",
    parameter: "tls",
    off: (value) => value.toLowerCase() === "disabled",
  },
  // Redshift: require_ssl defaults to false in the default parameter group; a custom group must set it true.
  "aws:redshift/parameterGroup:ParameterGroup": {
    engine: "Redshift",
    parameter: "require_ssl",
    off: (value) => value.toLowerCase() !== "true",
  },
};

function check(group: CheckedResource): Finding[] {
  const spec = GROUPS[group.type];
  const entries = listOf(at(group.props, "parameters"));
  if (isUnknown(entries)) {
    return [notYetCheckable("parameters")];
  }
  const entry = entries.find((candidate) => at(candidate, "name") === spec.parameter);
  const value = entry === undefined ? undefined : at(entry, "value");
  if (isUnknown(value)) {
    return [notYetCheckable(`parameters ${spec.parameter}`)];
  }
  // An unset DocumentDB tls keeps the default (enabled); an unset Redshift require_ssl is false.
  const text =
    value === undefined || value === null ? (spec.engine === "Redshift" ? "false" : "enabled") : shown(value);
  return spec.off(text)
    ? [
        violation(
          `${spec.engine} parameter group ${group.name} lets clients connect without TLS (${spec.parameter} = ` +
            `${text}): set ${spec.parameter} to ${spec.engine === "Redshift" ? "true" : "enabled"}`,
        ),
      ]
    : [];
}

export const parameterGroupTls: ResourcePolicyDefinition = {
  scope: "resource",
  name: "parameter-group-tls",
  description:
    'DocumentDB cluster parameter groups keep tls enabled (not "disabled") and Redshift parameter groups set ' +
    "require_ssl to true (its default is false).",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("Redshift.2", "Connections to Amazon Redshift clusters should be encrypted in transit"),
    nist("SC-8", "Transmission confidentiality and integrity"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-2",
    NIST_800_53,
  ],
  remediation:
    'DocumentDB: remove `{ name: "tls", value: "disabled" }` (or set it to "enabled"). Redshift: add ' +
    '`{ name: "require_ssl", value: "true" }` to the parameter group the cluster uses.',
  resourceTypes: Object.keys(GROUPS),
  check,
};
