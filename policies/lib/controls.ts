/**
 * The compliance frameworks the pack maps to, and the control references each policy carries. A control is
 * referenced as `<framework>:<id>` in policy tags (e.g. `aws-securityhub:SQS.1`) so the audit report can group by it.
 */

/**
 * Where each framework's controls are defined; policies cite these (and Security Hub's per-control pages) as
 * references.
 */
export const CIS_AWS_BENCHMARK = "https://www.cisecurity.org/benchmark/amazon_web_services";
/** Security Hub's page mapping CIS AWS Foundations Benchmark requirements (v3.0.0 and others) to its controls. */
export const SECURITY_HUB_CIS_MAPPING =
  "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards-cis.html";
export const K8S_POD_SECURITY_STANDARDS = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
export const NIST_800_53 = "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final";
/** cellplane's own controls are defined in this repository, not on the web. */
export const CELLPLANE_CONTROLS = "docs/policies.md#cellplane-controls";

export type FrameworkId = "aws-securityhub" | "cis-aws" | "k8s-pss" | "nist-800-53" | "cellplane";

export interface Framework {
  id: FrameworkId;
  name: string;
  version: string;
  url: string;
}

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = {
  // Security Hub security control ids (SQS.1, RDS.27, ...): one id and title per control across all of Security
  // Hub's standards. Each control names the standards it belongs to (`standards`): most are in the Foundational
  // Security Best Practices standard (FSBP v1.0.0); KMS.4, EC2.53 and EC2.54 are in the CIS v3.0.0 (and other)
  // standards only, and SNS.1 only in the NIST standards (retired from FSBP in April 2024). docs/policies.md
  // ("Control sources") lists them.
  "aws-securityhub": {
    id: "aws-securityhub",
    name: "AWS Security Hub controls",
    version: "security control ids",
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html",
  },
  "cis-aws": {
    id: "cis-aws",
    name: "CIS Amazon Web Services Foundations Benchmark",
    version: "3.0.0",
    url: CIS_AWS_BENCHMARK,
  },
  "k8s-pss": {
    id: "k8s-pss",
    name: "Kubernetes Pod Security Standards",
    version: "v1.25+",
    url: K8S_POD_SECURITY_STANDARDS,
  },
  "nist-800-53": {
    id: "nist-800-53",
    name: "NIST SP 800-53",
    version: "Rev. 5",
    url: NIST_800_53,
  },
  cellplane: {
    id: "cellplane",
    name: "cellplane cell isolation",
    version: "1",
    url: CELLPLANE_CONTROLS,
  },
};

export interface Control {
  framework: FrameworkId;
  id: string;
  title: string;
  /** Security Hub controls only: the Security Hub standards the control belongs to (e.g. `FSBP v1.0.0`). */
  standards?: readonly string[];
}

/** Security Hub's standards, as the per-control pages name them under "Related requirements" and standards. */
export const FSBP = "FSBP v1.0.0";
export const CIS_V3 = "CIS v3.0.0";
export const NIST_STANDARD = "NIST SP 800-53 Rev. 5";
export const PCI_DSS = "PCI DSS v4.0.1";
/**
 * For a control whose standards were not confirmed against its Security Hub page this round: shown as "standards
 * not checked" rather than labelled FSBP.
 */
export const STANDARDS_NOT_CHECKED: readonly string[] = [];

/** A Security Hub control; `standards` defaults to FSBP, the standard most of the pack's controls belong to. */
export function securityHub(id: string, title: string, standards: readonly string[] = [FSBP]): Control {
  return { framework: "aws-securityhub", id, title, standards };
}

export function cis(id: string, title: string): Control {
  return { framework: "cis-aws", id, title };
}

export function pss(profile: "Baseline" | "Restricted", control: string): Control {
  return { framework: "k8s-pss", id: `${profile}: ${control}`, title: `${profile} profile, ${control}` };
}

export function nist(id: string, title: string): Control {
  return { framework: "nist-800-53", id, title };
}

export function cellplaneControl(id: string, title: string): Control {
  return { framework: "cellplane", id, title };
}

/** The framework version a control is shown with: for Security Hub, with the standards it belongs to. */
export function controlVersion(control: Control): string {
  const version = FRAMEWORKS[control.framework].version;
  if (!control.standards) {
    return version;
  }
  return `${version} (${control.standards.length > 0 ? control.standards.join(", ") : "standards not checked"})`;
}

export function controlTag(control: Control): string {
  return `${control.framework}:${control.id}`;
}
