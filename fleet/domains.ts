/**
 * Domains nobody can deploy: the names IANA reserves for documentation and testing (RFC 2606, RFC 6761:
 * `example.com`, `example.net`, `example.org` and the `.example`, `.test`, `.invalid`, `.localhost` top-level
 * domains). Route 53 refuses a hosted zone for them ("example.com is IANA-reserved (RFC 2606); Route 53 rejects it
 * with InvalidDomainName", https://github.com/aws-samples/sample-agentic-value-accelerator/pull/126) and ACM cannot
 * validate a certificate for them, so the account stack would stop at its first resource.
 *
 * The reference fleet keeps `storefront.example.com` so that it plans offline anywhere: `cells plan` accepts a
 * reserved domain (and says so), every real deployment (`pulumi preview` / `up`) refuses it.
 */
import type { FleetProblem } from "./problems";

const RESERVED_SECOND_LEVEL = ["example.com", "example.net", "example.org"];
const RESERVED_TOP_LEVEL = ["example", "test", "invalid", "localhost"];

/** Whether `domain` is, or is under, a reserved name. */
export function isReservedDomain(domain: string): boolean {
  const name = domain.toLowerCase().replace(/\.$/, "");
  const labels = name.split(".");
  const tld = labels[labels.length - 1] ?? "";
  return (
    RESERVED_TOP_LEVEL.includes(tld) ||
    RESERVED_SECOND_LEVEL.some((reserved) => name === reserved || name.endsWith(`.${reserved}`))
  );
}

/** The problem a real deployment reports for a reserved routing domain, naming the file, field and fix. */
export function reservedDomainProblems(domain: string, fleetFile: string): FleetProblem[] {
  return isReservedDomain(domain)
    ? [
        {
          file: fleetFile,
          path: "routing.domain",
          value: domain,
          message:
            "is a reserved example domain (RFC 2606): Route 53 and ACM refuse it, so it can only be planned offline " +
            "(cells plan); set a domain you control, e.g. storefront.acme.com, before pulumi up",
        },
      ]
    : [];
}
