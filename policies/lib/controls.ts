/**
 * The compliance frameworks the pack maps to, and the control references each policy carries. A control is
 * referenced as `<framework>:<id>` in policy tags (e.g. `aws-securityhub:SQS.1`) so the audit report can group by it.
 */

export type FrameworkId = "aws-securityhub" | "cis-aws" | "k8s-pss" | "nist-800-53" | "cellplane";

export interface Framework {
  id: FrameworkId;
  name: string;
  version: string;
  url: string;
}

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = {
  // Security Hub control ids (SQS.1, RDS.27, ...); most belong to its Foundational Security Best Practices
  // standard, a few (e.g. S3.17) to its NIST SP 800-53 standard.
  "aws-securityhub": {
    id: "aws-securityhub",
    name: "AWS Security Hub controls (Foundational Security Best Practices)",
    version: "FSBP 1.0.0",
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html",
  },
  "cis-aws": {
    id: "cis-aws",
    name: "CIS Amazon Web Services Foundations Benchmark",
    version: "3.0.0",
    url: "https://www.cisecurity.org/benchmark/amazon_web_services",
  },
  "k8s-pss": {
    id: "k8s-pss",
    name: "Kubernetes Pod Security Standards",
    version: "v1.25+",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  "nist-800-53": {
    id: "nist-800-53",
    name: "NIST SP 800-53",
    version: "Rev. 5",
    url: "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
  },
  cellplane: {
    id: "cellplane",
    name: "cellplane cell isolation",
    version: "1",
    url: "docs/policies.md",
  },
};

export interface Control {
  framework: FrameworkId;
  id: string;
  title: string;
}

export function securityHub(id: string, title: string): Control {
  return { framework: "aws-securityhub", id, title };
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

export function controlTag(control: Control): string {
  return `${control.framework}:${control.id}`;
}
