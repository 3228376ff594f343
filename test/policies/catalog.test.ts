/**
 * The catalog is complete, every control id is one checked against its source and cited, and the auditors' page
 * shows it as it is.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { policyCatalog, type CatalogControl } from "../../policies/catalog";
import {
  CELLPLANE_CONTROLS,
  CIS_AWS_BENCHMARK,
  K8S_POD_SECURITY_STANDARDS,
  NIST_800_53,
  SECURITY_HUB_CIS_MAPPING,
} from "../../policies/lib/controls";
import { DOCS_FILE, withCurrentTable } from "../../policies/tools/policy-table";

const REPO_ROOT = path.join(__dirname, "..", "..");
const SECURITY_HUB_GUIDE = "https://docs.aws.amazon.com/securityhub/latest/userguide/";

/**
 * Every control id the pack may use, with its title as its source states it. Each was checked against the page
 * the policies cite (see "Control sources" in docs/policies.md); add an id here only after checking it there.
 */
const CHECKED_CONTROLS: Readonly<Record<string, string>> = {
  // AWS Security Hub: <service>-controls.html#<service>-<n> in the Security Hub user guide.
  "aws-securityhub:AutoScaling.1": "Auto Scaling groups associated with a load balancer should use ELB health checks",
  "aws-securityhub:APIGateway.5": "API Gateway REST API cache data should be encrypted at rest",
  "aws-securityhub:AutoScaling.3":
    "Auto Scaling group launch configurations should configure EC2 instances to require Instance Metadata " +
    "Service Version 2 (IMDSv2)",
  "aws-securityhub:AutoScaling.5":
    "Amazon EC2 instances launched using Auto Scaling group launch configurations should not have Public IP addresses",
  "aws-securityhub:CloudTrail.2": "CloudTrail should have encryption at-rest enabled",
  "aws-securityhub:DataFirehose.1": "Firehose delivery streams should be encrypted at rest",
  "aws-securityhub:DocumentDB.1": "Amazon DocumentDB clusters should be encrypted at rest",
  "aws-securityhub:EC2.7": "EBS default encryption should be enabled",
  "aws-securityhub:ECR.1": "ECR private repositories should have image scanning configured",
  "aws-securityhub:ECR.2": "ECR private repositories should have tag immutability configured",
  "aws-securityhub:EFS.1": "Elastic File System should be configured to encrypt file data at-rest using AWS KMS",
  "aws-securityhub:ELB.3": "Classic Load Balancer listeners should be configured with HTTPS or TLS termination",
  "aws-securityhub:ELB.8":
    "Classic Load Balancers with SSL listeners should use a predefined security policy that has strong " +
    "AWS Configuration",
  "aws-securityhub:ES.1": "Elasticsearch domains should have encryption at-rest enabled",
  "aws-securityhub:ES.3": "Elasticsearch domains should encrypt data sent between nodes",
  "aws-securityhub:ES.8":
    "Connections to Elasticsearch domains should be encrypted using the latest TLS security policy",
  "aws-securityhub:Kinesis.1": "Kinesis streams should be encrypted at rest",
  "aws-securityhub:MSK.1": "MSK clusters should be encrypted in transit among broker nodes",
  "aws-securityhub:Neptune.1": "Neptune DB clusters should be encrypted at rest",
  "aws-securityhub:Opensearch.1": "OpenSearch domains should have encryption at rest enabled",
  "aws-securityhub:Opensearch.3": "OpenSearch domains should encrypt data sent between nodes",
  "aws-securityhub:Opensearch.8":
    "Connections to OpenSearch domains should be encrypted using the latest TLS security policy",
  "aws-securityhub:Redshift.2": "Connections to Amazon Redshift clusters should be encrypted in transit",
  "aws-securityhub:Redshift.10": "Redshift clusters should be encrypted at rest",
  "aws-securityhub:S3.2": "S3 general purpose buckets should block public read access",
  "aws-securityhub:S3.3": "S3 general purpose buckets should block public write access",
  "aws-securityhub:S3.5": "S3 general purpose buckets should require requests to use SSL",
  "aws-securityhub:AutoScaling.2": "Amazon EC2 Auto Scaling group should cover multiple Availability Zones",
  "aws-securityhub:CloudFront.3": "CloudFront distributions should require encryption in transit",
  "aws-securityhub:CloudFront.5": "CloudFront distributions should have logging enabled",
  "aws-securityhub:CloudFront.6": "CloudFront distributions should have WAF enabled",
  "aws-securityhub:CloudFront.9": "CloudFront distributions should encrypt traffic to custom origins",
  "aws-securityhub:CloudFront.10":
    "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins",
  "aws-securityhub:DocumentDB.5": "Amazon DocumentDB clusters should have deletion protection enabled",
  "aws-securityhub:EC2.3": "Attached Amazon EBS volumes should be encrypted at-rest",
  "aws-securityhub:EC2.6": "VPC flow logging should be enabled in all VPCs",
  "aws-securityhub:EC2.8": "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)",
  "aws-securityhub:EC2.9": "Amazon EC2 instances should not have a public IPv4 address",
  "aws-securityhub:EC2.18": "Security groups should only allow unrestricted incoming traffic for authorized ports",
  "aws-securityhub:EC2.19": "Security groups should not allow unrestricted access to ports with high risk",
  "aws-securityhub:EC2.25": "Amazon EC2 launch templates should not assign public IPs to network interfaces",
  "aws-securityhub:EC2.53":
    "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports",
  "aws-securityhub:EC2.54":
    "EC2 security groups should not allow ingress from ::/0 to remote server administration ports",
  "aws-securityhub:EC2.170": "EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)",
  "aws-securityhub:EC2.181": "EC2 launch templates should enable encryption for attached EBS volumes",
  "aws-securityhub:EKS.1": "EKS cluster endpoints should not be publicly accessible",
  "aws-securityhub:EKS.3": "EKS clusters should use encrypted Kubernetes secrets",
  "aws-securityhub:ElastiCache.1": "ElastiCache (Redis OSS) clusters should have automatic backups enabled",
  "aws-securityhub:ElastiCache.3": "ElastiCache replication groups should have automatic failover enabled",
  "aws-securityhub:ElastiCache.4": "ElastiCache replication groups should be encrypted at rest",
  "aws-securityhub:ElastiCache.5": "ElastiCache replication groups should be encrypted in transit",
  "aws-securityhub:ElastiCache.6":
    "ElastiCache (Redis OSS) replication groups of earlier versions should have Redis OSS AUTH enabled",
  "aws-securityhub:ELB.1": "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS",
  "aws-securityhub:ELB.5": "Application and Classic Load Balancers logging should be enabled",
  "aws-securityhub:ELB.17":
    "Application and Network Load Balancers with listeners should use recommended security policies",
  "aws-securityhub:IAM.1": 'IAM policies should not allow full "*" administrative privileges',
  "aws-securityhub:IAM.21":
    "IAM customer managed policies that you create should not allow wildcard actions for services",
  "aws-securityhub:KMS.1": "IAM customer managed policies should not allow decryption actions on all KMS keys",
  "aws-securityhub:KMS.2":
    "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
  "aws-securityhub:KMS.4": "AWS KMS key rotation should be enabled",
  "aws-securityhub:EKS.8": "EKS clusters should have audit logging enabled",
  "aws-securityhub:RDS.2":
    "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration",
  "aws-securityhub:Neptune.4": "Neptune DB clusters should have deletion protection enabled",
  "aws-securityhub:RDS.3": "RDS DB instances should have encryption at-rest enabled",
  "aws-securityhub:RDS.5": "RDS DB instances should be configured with multiple Availability Zones",
  "aws-securityhub:RDS.7": "RDS clusters should have deletion protection enabled",
  "aws-securityhub:RDS.8": "RDS DB instances should have deletion protection enabled",
  "aws-securityhub:RDS.11": "RDS instances should have automatic backups enabled",
  "aws-securityhub:RDS.15": "RDS DB clusters should be configured for multiple Availability Zones",
  "aws-securityhub:RDS.27": "RDS DB clusters should be encrypted at rest",
  "aws-securityhub:Route53.2": "Route 53 public hosted zones should log DNS queries",
  "aws-securityhub:S3.8": "S3 general purpose buckets should block public access",
  "aws-securityhub:SNS.1": "SNS topics should be encrypted at-rest using AWS KMS",
  "aws-securityhub:SQS.1": "Amazon SQS queues should be encrypted at rest",
  // CIS AWS Foundations Benchmark v3.0.0.
  "cis-aws:1.16": 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
  "cis-aws:2.1.4": "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
  "cis-aws:2.3.1": "Ensure that encryption-at-rest is enabled for RDS Instances",
  "cis-aws:2.3.3": "Ensure that public access is not given to RDS Instance",
  "cis-aws:3.6": "Ensure rotation for customer-created symmetric CMKs is enabled",
  "cis-aws:3.5": "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
  "cis-aws:3.7": "Ensure VPC flow logging is enabled in all VPCs",
  "cis-aws:5.2": "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
  "cis-aws:5.3": "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
  "cis-aws:5.6": "Ensure that EC2 Metadata Service only allows IMDSv2",
  // Kubernetes Pod Security Standards: the control names of the Baseline and Restricted profiles.
  "k8s-pss:Baseline: Capabilities": "Baseline profile, Capabilities",
  "k8s-pss:Baseline: Host Namespaces": "Baseline profile, Host Namespaces",
  "k8s-pss:Baseline: HostPath Volumes": "Baseline profile, HostPath Volumes",
  "k8s-pss:Baseline: Host Ports": "Baseline profile, Host Ports",
  "k8s-pss:Baseline: Privileged Containers": "Baseline profile, Privileged Containers",
  "k8s-pss:Baseline: Seccomp": "Baseline profile, Seccomp",
  "k8s-pss:Restricted: Capabilities": "Restricted profile, Capabilities",
  "k8s-pss:Restricted: Privilege Escalation": "Restricted profile, Privilege Escalation",
  "k8s-pss:Restricted: Running as Non-root": "Restricted profile, Running as Non-root",
  "k8s-pss:Restricted: Running as Non-root user": "Restricted profile, Running as Non-root user",
  "k8s-pss:Restricted: Seccomp": "Restricted profile, Seccomp",
  // NIST SP 800-53 Rev. 5.
  "nist-800-53:AC-2": "Account management",
  "nist-800-53:AC-3": "Access enforcement",
  "nist-800-53:AC-4": "Information flow enforcement",
  "nist-800-53:AC-6": "Least privilege",
  "nist-800-53:AU-9": "Protection of audit information",
  "nist-800-53:AU-12": "Audit record generation",
  "nist-800-53:CP-9": "System backup",
  "nist-800-53:CM-8": "System component inventory",
  "nist-800-53:SC-8": "Transmission confidentiality and integrity",
  "nist-800-53:SC-12": "Cryptographic key establishment and management",
  "nist-800-53:SC-28": "Protection of information at rest",
};

/** The reference that must cite a control: the page (and anchor) that defines it. */
function sourceOf(control: CatalogControl): string {
  switch (control.framework) {
    case "aws-securityhub": {
      const [service, number] = control.id.split(".");
      return `${SECURITY_HUB_GUIDE}${service.toLowerCase()}-controls.html#${service.toLowerCase()}-${number}`;
    }
    case "cis-aws":
      return CIS_AWS_BENCHMARK;
    case "k8s-pss":
      return `${K8S_POD_SECURITY_STANDARDS}#${control.id.split(":")[0].toLowerCase()}`;
    case "nist-800-53":
      return NIST_800_53;
    case "cellplane":
      return CELLPLANE_CONTROLS;
  }
}

/** GitHub's anchor for a Markdown heading. */
function headingAnchors(markdown: string): Set<string> {
  const headings = markdown.split("\n").filter((line) => /^#{1,6} /.test(line));
  return new Set(
    headings.map((line) =>
      line
        .replace(/^#+ /, "")
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, "")
        .replace(/ /g, "-"),
    ),
  );
}

describe("policy catalog", () => {
  it("has a unique name, description, remediation, controls and frameworks for every policy", () => {
    const { pack, version, policies } = policyCatalog();
    expect([pack, version]).toEqual(["cellplane", expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    expect(new Set(policies.map((policy) => policy.name)).size).toBe(policies.length);
    for (const policy of policies) {
      expect(policy.description.length, policy.name).toBeGreaterThan(20);
      expect(policy.remediation.length, policy.name).toBeGreaterThan(20);
      expect(policy.frameworks.length, policy.name).toBeGreaterThan(0);
    }
  });

  it("gives every policy at least one control and at least one reference URL", () => {
    const anchors = headingAnchors(readFileSync(DOCS_FILE, "utf8"));
    for (const policy of policyCatalog().policies) {
      expect(policy.controls.length, policy.name).toBeGreaterThan(0);
      expect(policy.references.length, policy.name).toBeGreaterThan(0);
      expect(new Set(policy.references).size, `${policy.name} cites a reference twice`).toBe(policy.references.length);
      for (const reference of policy.references) {
        if (reference.startsWith("https://")) {
          expect(() => new URL(reference), reference).not.toThrow();
          continue;
        }
        // cellplane's own controls: a section of a document in this repository.
        const [file, anchor] = reference.split("#");
        expect(readFileSync(path.join(REPO_ROOT, file), "utf8").length, reference).toBeGreaterThan(0);
        expect(
          file === path.relative(REPO_ROOT, DOCS_FILE) && anchors.has(anchor),
          `${policy.name}: ${reference} names no heading`,
        ).toBe(true);
      }
    }
  });

  it("uses only control ids checked against their source, with the source's title", () => {
    for (const policy of policyCatalog().policies) {
      for (const control of policy.controls.filter((candidate) => candidate.framework !== "cellplane")) {
        const key = `${control.framework}:${control.id}`;
        expect(CHECKED_CONTROLS[key], `${policy.name}: ${key} has not been checked against its source`).toBeDefined();
        expect(control.title, `${policy.name}: ${key}`).toBe(CHECKED_CONTROLS[key]);
      }
    }
  });

  it("cites, for every control, the page that defines it, and nothing unrelated to its controls", () => {
    for (const policy of policyCatalog().policies) {
      const sources = new Set(policy.controls.map(sourceOf));
      for (const source of sources) {
        expect(policy.references, `${policy.name} does not cite ${source}`).toContain(source);
      }
      const mapsCis = policy.controls.some((control) => control.framework === "cis-aws");
      for (const reference of policy.references) {
        expect(
          sources.has(reference) || (mapsCis && reference === SECURITY_HUB_CIS_MAPPING),
          `${policy.name}: ${reference} backs none of its controls`,
        ).toBe(true);
      }
    }
  });

  it("maps each policy to the controls checked for what it enforces", () => {
    const mapping = Object.fromEntries(
      policyCatalog().policies.map((policy) => [
        policy.name,
        policy.controls.map((control) => `${control.framework}:${control.id}`),
      ]),
    );
    expect(mapping).toEqual({
      "sqs-queue-encrypted": ["aws-securityhub:SQS.1", "nist-800-53:SC-28"],
      "sns-topic-encrypted": ["aws-securityhub:SNS.1", "nist-800-53:SC-28"],
      "rds-storage-encrypted": ["aws-securityhub:RDS.27", "aws-securityhub:RDS.3", "cis-aws:2.3.1"],
      "elasticache-encrypted": [
        "aws-securityhub:ElastiCache.4",
        "aws-securityhub:ElastiCache.5",
        "aws-securityhub:ElastiCache.6",
      ],
      // Not EC2.7 / CIS 2.2.1: those are the account's EBS encryption-by-default setting.
      "ebs-volume-encrypted": ["aws-securityhub:EC2.3"],
      "ec2-block-devices-encrypted": ["aws-securityhub:EC2.3", "aws-securityhub:EC2.181"],
      "s3-tls-only": ["aws-securityhub:S3.5"],
      "data-stores-encrypted": [
        "aws-securityhub:EFS.1",
        "aws-securityhub:Kinesis.1",
        "aws-securityhub:DataFirehose.1",
        "aws-securityhub:DocumentDB.1",
        "aws-securityhub:Neptune.1",
        "aws-securityhub:Redshift.10",
      ],
      // Security Hub's DynamoDB controls cover backups and capacity, not the table's key.
      "dynamodb-customer-key": ["nist-800-53:SC-12", "nist-800-53:SC-28"],
      "search-domain-secure": [
        "aws-securityhub:Opensearch.1",
        "aws-securityhub:Opensearch.3",
        "aws-securityhub:Opensearch.8",
        "aws-securityhub:ES.1",
        "aws-securityhub:ES.3",
        "aws-securityhub:ES.8",
      ],
      "msk-tls": ["aws-securityhub:MSK.1"],
      "parameter-group-tls": ["aws-securityhub:Redshift.2", "nist-800-53:SC-8"],
      "cloudtrail-kms": ["aws-securityhub:CloudTrail.2", "cis-aws:3.5"],
      "ebs-default-encryption": ["aws-securityhub:EC2.7"],
      "apigateway-tls": ["aws-securityhub:APIGateway.5", "nist-800-53:SC-8"],
      "classic-elb-tls": ["aws-securityhub:ELB.3", "aws-securityhub:ELB.8"],
      "kms-key-rotation": ["aws-securityhub:KMS.4", "cis-aws:3.6"],
      // No Security Hub control covers log group or secret encryption with a KMS key.
      "log-group-encrypted": ["nist-800-53:SC-28", "nist-800-53:AU-9"],
      "s3-bucket-encrypted-private": ["aws-securityhub:S3.8", "cis-aws:2.1.4", "nist-800-53:SC-28"],
      "secret-encrypted": ["nist-800-53:SC-28", "nist-800-53:SC-12"],
      "eks-secrets-encrypted": ["aws-securityhub:EKS.3"],
      "lb-listener-tls": ["aws-securityhub:ELB.1", "aws-securityhub:ELB.17"],
      // No Security Hub control holds a cell's data to a customer managed key, nor RDS to TLS-only connections.
      "cell-database-key": ["cellplane:CELL-4", "nist-800-53:SC-12", "nist-800-53:SC-28"],
      "rds-tls-enforced": ["nist-800-53:SC-8", "cellplane:CELL-5"],
      "cloudfront-viewer-https": ["aws-securityhub:CloudFront.3"],
      // No Security Hub control sets the viewer's minimum TLS version, hence SC-8 beside the origin controls.
      "cloudfront-tls": ["aws-securityhub:CloudFront.9", "aws-securityhub:CloudFront.10", "nist-800-53:SC-8"],
      "iam-document-valid": ["nist-800-53:AC-6"],
      "iam-no-wildcard-actions": ["aws-securityhub:IAM.1", "aws-securityhub:IAM.21", "cis-aws:1.16"],
      // Not IAM.1: this policy leaves "Action": "*" to iam-no-wildcard-actions.
      "iam-no-wildcard-resources": ["aws-securityhub:KMS.1", "aws-securityhub:KMS.2"],
      // Not IAM.1: it checks customer managed policies only, not attachments of AWS managed ones.
      "iam-no-admin-attachments": ["cis-aws:1.16"],
      "iam-trust-no-wildcard-principal": ["nist-800-53:AC-6", "nist-800-53:AC-3"],
      // No Security Hub control covers resource policies of SQS, SNS, KMS, Secrets Manager and ECR, nor OIDC trust.
      "resource-policy-not-public": ["nist-800-53:AC-3", "nist-800-53:AC-6"],
      "iam-oidc-trust-scoped": ["nist-800-53:AC-3", "nist-800-53:AC-6"],
      "s3-no-public-acl": ["aws-securityhub:S3.2", "aws-securityhub:S3.3"],
      "ecr-repository": ["aws-securityhub:ECR.1", "aws-securityhub:ECR.2"],
      "security-group-no-public-ingress": [
        "aws-securityhub:EC2.18",
        "aws-securityhub:EC2.19",
        "aws-securityhub:EC2.53",
        "aws-securityhub:EC2.54",
        "cis-aws:5.2",
        "cis-aws:5.3",
      ],
      "ec2-no-public-ip": ["aws-securityhub:EC2.9", "aws-securityhub:EC2.25", "aws-securityhub:AutoScaling.5"],
      "ec2-imdsv2-required": [
        "aws-securityhub:EC2.8",
        "aws-securityhub:EC2.170",
        "aws-securityhub:AutoScaling.3",
        "cis-aws:5.6",
      ],
      "rds-not-public": ["aws-securityhub:RDS.2", "cis-aws:2.3.3"],
      "eks-endpoint-restricted": ["aws-securityhub:EKS.1"],
      // Issue 14. No Security Hub control covers EKS authentication modes; EC2.170 covers the template's IMDSv2.
      "eks-access-entries": ["nist-800-53:AC-2", "nist-800-53:AC-6"],
      "eks-node-group-imdsv2": ["aws-securityhub:EC2.170", "nist-800-53:AC-6"],
      "eks-control-plane-logging": ["aws-securityhub:EKS.8"],
      "k8s-no-privileged-containers": ["k8s-pss:Baseline: Privileged Containers"],
      "k8s-no-host-namespaces": ["k8s-pss:Baseline: Host Namespaces"],
      "k8s-no-privilege-escalation": ["k8s-pss:Restricted: Privilege Escalation"],
      "k8s-run-as-non-root": [
        "k8s-pss:Restricted: Running as Non-root",
        "k8s-pss:Restricted: Running as Non-root user",
      ],
      "k8s-drop-all-capabilities": ["k8s-pss:Restricted: Capabilities", "k8s-pss:Baseline: Capabilities"],
      "k8s-seccomp-runtime-default": ["k8s-pss:Restricted: Seccomp", "k8s-pss:Baseline: Seccomp"],
      "k8s-no-host-ports": ["k8s-pss:Baseline: Host Ports"],
      "k8s-no-host-path": ["k8s-pss:Baseline: HostPath Volumes"],
      // CIS Kubernetes 5.1.6 and 5.1.3 state these; the pack has no CIS Kubernetes framework yet.
      "k8s-no-automount-token": ["nist-800-53:AC-6"],
      "k8s-rbac-no-wildcards": ["nist-800-53:AC-6"],
      "cell-resource-tags": ["cellplane:CELL-1", "nist-800-53:CM-8"],
      "cell-single-cell-region": ["cellplane:CELL-2"],
      "cell-iam-no-cross-cell-access": ["cellplane:CELL-3", "nist-800-53:AC-4"],
      "lb-access-logs": ["aws-securityhub:ELB.5", "nist-800-53:AU-12"],
      "vpc-flow-logs": ["aws-securityhub:EC2.6", "cis-aws:3.7"],
      "cloudfront-logging": ["aws-securityhub:CloudFront.5"],
      "route53-query-logging": ["aws-securityhub:Route53.2"],
      "cloudfront-waf": ["aws-securityhub:CloudFront.6"],
      "db-deletion-protection": [
        "aws-securityhub:RDS.7",
        "aws-securityhub:RDS.8",
        "aws-securityhub:DocumentDB.5",
        "aws-securityhub:Neptune.4",
      ],
      "backup-retention": ["aws-securityhub:RDS.11", "aws-securityhub:ElastiCache.1"],
      // No Security Hub control covers the final snapshot.
      "final-snapshot": ["nist-800-53:CP-9"],
      "multi-az": ["aws-securityhub:RDS.5", "aws-securityhub:RDS.15", "aws-securityhub:ElastiCache.3"],
      "asg-resilient": ["aws-securityhub:AutoScaling.1", "aws-securityhub:AutoScaling.2"],
      "stateful-protect": ["cellplane:RES-1"],
      "cellplane-waiver-valid": ["cellplane:GOV-1", "cellplane:GOV-2"],
    });
  });

  it("labels a Security Hub control FSBP only where it belongs to FSBP (SNS.1 and KMS.4 do not)", () => {
    const controls = policyCatalog().policies.flatMap((policy) => policy.controls);
    const securityHub = controls.filter((control) => control.framework === "aws-securityhub");
    expect(securityHub.every((control) => Array.isArray(control.standards))).toBe(true);
    const byId = new Map(securityHub.map((control) => [control.id, control]));
    for (const id of ["SNS.1", "KMS.4", "EC2.53", "EC2.54"]) {
      expect(byId.get(id)?.standards, id).not.toContain("FSBP v1.0.0");
      expect(byId.get(id)?.frameworkVersion, id).not.toMatch(/FSBP/);
    }
    expect(byId.get("KMS.4")?.standards).toEqual(["CIS v3.0.0", "NIST SP 800-53 Rev. 5"]);
    expect(byId.get("SQS.1")?.frameworkVersion).toBe("security control ids (FSBP v1.0.0)");
    expect(byId.get("Route53.2")?.frameworkVersion).toBe("security control ids (standards not checked)");
  });

  it("defines every cellplane control in docs/policies.md, with the catalog's title", () => {
    const page = readFileSync(DOCS_FILE, "utf8");
    const section = page.slice(page.indexOf("## cellplane controls"));
    for (const policy of policyCatalog().policies) {
      for (const control of policy.controls.filter((candidate) => candidate.framework === "cellplane")) {
        expect(section, `${control.id} of ${policy.name}`).toContain(
          `| ${control.id} | ${control.title} | \`${policy.name}\` |`,
        );
      }
    }
  });

  it(
    "docs/policies.md holds the current table " +
      "(run `npx tsx policies/tools/policy-table.ts` after changing a policy)",
    () => {
      const page = readFileSync(DOCS_FILE, "utf8");
      expect(page).toBe(withCurrentTable(page));
    },
  );
});
