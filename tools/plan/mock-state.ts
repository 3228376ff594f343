/**
 * What the offline plan pretends the cloud answered: a deterministic id and the computed outputs (ARNs,
 * endpoints, DNS names) each resource type would have. Values are shaped like the real ones so that policies,
 * stack outputs and routing see realistic data, and they depend only on the resource's name, inputs and region,
 * so two plans of the same fleet are identical.
 */
import { createHash } from "node:crypto";

export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockStateRequest {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  region: string;
}

export interface MockStateResult {
  id: string;
  outputs: Record<string, unknown>;
}

type OutputBuilder = (request: MockStateRequest, ids: { physicalName: string; arn: string }) => Record<string, unknown>;

/** ELB hosted zone ids per region (from the AWS Elastic Load Balancing endpoints table). */
const ALB_ZONE_IDS: Record<string, string> = {
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-east-2": "Z3AADJGX6KTTL2",
  "us-west-2": "Z1H1FL5HABSF5",
  "eu-west-1": "Z32O12XQLNTSW2",
  "eu-central-1": "Z215JYRZR1TBD5",
  "ap-southeast-2": "Z1GM3OXH4ZPM65",
  "ap-northeast-1": "Z14GRHDCWA56QT",
};

function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function stringInput(inputs: Record<string, unknown>, key: string): string | undefined {
  const value = inputs[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** `aws:sqs/queue:Queue` → `sqs`; `aws:ec2/launchTemplate:LaunchTemplate` → `ec2`. */
function serviceOf(type: string): string {
  const module = type.split(":")[1] ?? "index";
  return module.split("/")[0] ?? "index";
}

/** A UUID-shaped KMS key id (version 4, variant 8), stable for a physical name. */
function mockKeyId(physicalName: string): string {
  return [
    shortHash(physicalName, 8),
    shortHash(`${physicalName}/k`, 4),
    `4${shortHash(`${physicalName}/e`, 3)}`,
    `8${shortHash(`${physicalName}/y`, 3)}`,
    shortHash(`${physicalName}/id`, 12),
  ].join("-");
}

function arnFor(request: MockStateRequest, physicalName: string): string {
  const service = serviceOf(request.type);
  const resourceKind = request.type.split(":")[2]?.replace(/^./, (c) => c.toLowerCase()) ?? "resource";
  /** `arn:aws:<service>:<region>:<account>`, the start of a regional ARN. */
  const regional = (arnService: string): string => `arn:aws:${arnService}:${request.region}:${MOCK_ACCOUNT_ID}`;
  switch (service) {
    case "iam":
      return `arn:aws:iam::${MOCK_ACCOUNT_ID}:${resourceKind}/${physicalName}`;
    case "sqs":
      return `arn:aws:sqs:${request.region}:${MOCK_ACCOUNT_ID}:${physicalName}`;
    case "rds":
      return `${regional("rds")}:${request.type.endsWith(":Cluster") ? "cluster" : "db"}:${physicalName}`;
    case "elasticache":
      return `arn:aws:elasticache:${request.region}:${MOCK_ACCOUNT_ID}:replicationgroup:${physicalName}`;
    case "kms":
      return `${regional("kms")}:key/${mockKeyId(physicalName)}`;
    case "cloudwatch":
      return request.type.endsWith(":LogGroup")
        ? `arn:aws:logs:${request.region}:${MOCK_ACCOUNT_ID}:log-group:${physicalName}`
        : `arn:aws:cloudwatch:${request.region}:${MOCK_ACCOUNT_ID}:${resourceKind}:${physicalName}`;
    case "route53":
      return `arn:aws:route53:::${resourceKind}/${physicalName}`;
    case "acm":
      return (
        `arn:aws:acm:${request.region}:${MOCK_ACCOUNT_ID}:certificate/` + mockUuid(`${request.region}/${physicalName}`)
      );
    case "s3":
      return `arn:aws:s3:::${physicalName}`;
    case "sns":
      return `arn:aws:sns:${request.region}:${MOCK_ACCOUNT_ID}:${physicalName}`;
    case "secretsmanager":
      return `${regional("secretsmanager")}:secret:${physicalName}-${shortHash(physicalName, 6)}`;
    case "lb": {
      const kind = request.type.endsWith(":TargetGroup")
        ? "targetgroup"
        : request.type.endsWith(":LoadBalancer")
          ? "loadbalancer/app"
          : `${resourceKind}/app`;
      return `${regional("elasticloadbalancing")}:${kind}/${physicalName.slice(0, 32)}/${shortHash(physicalName, 16)}`;
    }
    default:
      return `arn:aws:${service}:${request.region}:${MOCK_ACCOUNT_ID}:${resourceKind}/${physicalName}`;
  }
}

/** How IAM spells a service-linked role after `AWSServiceRoleFor`, where it is not the capitalized label. */
const SERVICE_ROLE_SUFFIXES: Record<string, string> = { autoscaling: "AutoScaling", elasticache: "ElastiCache" };

/** A UUID-shaped id derived from `seed` (ACM certificate ids are UUIDs). */
function mockUuid(seed: string): string {
  const hex = shortHash(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** ACM's DNS validation challenge for one name: a CNAME under the name (its wildcard label dropped). */
function validationOption(domainName: string): Record<string, string> {
  const base = domainName.replace(/^\*\./, "");
  return {
    domainName,
    resourceRecordName: `_${shortHash(`name/${base}`, 32)}.${base}.`,
    resourceRecordType: "CNAME",
    resourceRecordValue: `_${shortHash(`value/${base}`, 32)}.mock.acm-validations.aws.`,
  };
}

const OUTPUTS_BY_TYPE: Record<string, OutputBuilder> = {
  "aws:acm/certificate:Certificate": ({ inputs }) => {
    const alternatives = Array.isArray(inputs.subjectAlternativeNames) ? inputs.subjectAlternativeNames : [];
    const names = [stringInput(inputs, "domainName") ?? "", ...alternatives.map(String)].filter(Boolean);
    return { domainValidationOptions: names.map(validationOption), status: "ISSUED" };
  },
  "aws:acm/certificateValidation:CertificateValidation": ({ inputs }) => ({
    certificateArn: stringInput(inputs, "certificateArn") ?? "",
  }),
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": ({ inputs }) => {
    const service = stringInput(inputs, "awsServiceName") ?? "unknown.amazonaws.com";
    const label = service.split(".")[0] ?? "";
    const name = `AWSServiceRoleFor${SERVICE_ROLE_SUFFIXES[label] ?? label.charAt(0).toUpperCase() + label.slice(1)}`;
    return { name, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/${service}/${name}` };
  },
  "aws:route53/record:Record": ({ inputs }) => ({ fqdn: (stringInput(inputs, "name") ?? "").replace(/\.$/, "") }),
  "aws:sqs/queue:Queue": ({ region }, { physicalName }) => ({
    url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${physicalName}`,
  }),
  "aws:kms/key:Key": (_request, { arn }) => ({ keyId: arn.split("/")[1] }),
  "aws:lb/loadBalancer:LoadBalancer": ({ region }, { physicalName }) => ({
    dnsName: `${physicalName.slice(0, 24)}-${shortHash(physicalName, 9)}.${region}.elb.amazonaws.com`,
    zoneId: ALB_ZONE_IDS[region] ?? `Z${shortHash(region, 12).toUpperCase()}`,
    arnSuffix: `app/${physicalName.slice(0, 32)}/${shortHash(physicalName, 16)}`,
  }),
  "aws:ec2/eip:Eip": (_request, { physicalName }) => ({
    allocationId: `eipalloc-${shortHash(physicalName, 17)}`,
    publicIp: `198.51.100.${(parseInt(shortHash(physicalName, 2), 16) % 254) + 1}`,
  }),
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1, defaultVersion: 1 }),
  "aws:eks/cluster:Cluster": ({ region }, { physicalName }) => ({
    endpoint: `https://${shortHash(physicalName, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
    certificateAuthority: { data: Buffer.from(`mock CA of ${physicalName}`).toString("base64") },
    vpcConfig: { clusterSecurityGroupId: `sg-${shortHash(`${physicalName}/cluster`, 17)}` },
    status: "ACTIVE",
  }),
  "aws:eks/nodeGroup:NodeGroup": (_request, { physicalName }) => ({
    resources: [{ autoscalingGroups: [{ name: `eks-${physicalName}-${mockUuid(physicalName)}` }] }],
    status: "ACTIVE",
  }),

  "aws:lb/targetGroup:TargetGroup": (_request, { physicalName }) => ({
    arnSuffix: `targetgroup/${physicalName.slice(0, 32)}/${shortHash(physicalName, 16)}`,
  }),
  "aws:rds/clusterInstance:ClusterInstance": ({ region }, { physicalName }) => ({
    identifier: physicalName,
    endpoint: `${physicalName}.${shortHash(region, 12)}.${region}.rds.amazonaws.com`,
  }),
  "aws:rds/cluster:Cluster": ({ region }, { physicalName }) => {
    const host = `${physicalName}.cluster-${shortHash(region, 12)}.${region}.rds.amazonaws.com`;
    return {
      clusterIdentifier: physicalName,
      clusterResourceId: `cluster-${shortHash(physicalName, 26).toUpperCase()}`,
      endpoint: host,
      readerEndpoint: host.replace(".cluster-", ".cluster-ro-"),
      port: 5432,
      masterUserSecrets: [
        {
          secretArn:
            `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:` +
            `rds!cluster-${physicalName}-${shortHash(physicalName, 6)}`,
          secretStatus: "active",
        },
      ],
    };
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": ({ region, inputs }, { physicalName }) => ({
    replicationGroupId: physicalName,
    memberClusters: Array.from(
      { length: Number(inputs.numCacheClusters ?? 1) },
      (_, index) => `${physicalName}-${String(index + 1).padStart(3, "0")}`,
    ),
    primaryEndpointAddress: `master.${physicalName}.${shortHash(region, 6)}.${region}.cache.amazonaws.com`,
    readerEndpointAddress: `replica.${physicalName}.${shortHash(region, 6)}.${region}.cache.amazonaws.com`,
    port: 6379,
  }),
  "aws:route53/zone:Zone": ({ inputs }, { physicalName }) => ({
    zoneId: `Z${shortHash(physicalName, 13).toUpperCase()}`,
    nameServers: [1, 2, 3, 4].map((n) => `ns-${n}.awsdns-${shortHash(`${physicalName}${n}`, 2)}.net`),
    name: stringInput(inputs, "name") ?? physicalName,
  }),
  "aws:route53/healthCheck:HealthCheck": () => ({}),
  "aws:cloudfront/distribution:Distribution": (_request, { physicalName }) => ({
    domainName: `d${shortHash(physicalName, 13)}.cloudfront.net`,
    hostedZoneId: "Z2FDTNDATAQYW2",
  }),
  "aws:cloudfront/keyValueStore:KeyValueStore": () => ({}),
  "random:index/randomPassword:RandomPassword": ({ name, inputs }) => ({
    result: `mock-${shortHash(`${name}/${JSON.stringify(inputs)}`, Number(inputs.length ?? 32) - 5)}`,
  }),
};

/** The explicit physical name a resource was given, else its logical name (as if auto-named). */
function physicalNameOf(request: MockStateRequest): string {
  const nameKeys =
    request.type === "aws:rds/cluster:Cluster" ? ["clusterIdentifier"] : ["name", "identifier", "replicationGroupId"];
  for (const key of nameKeys) {
    const value = stringInput(request.inputs, key);
    if (value) {
      return value;
    }
  }
  return request.name;
}

/** The id and outputs the offline plan reports for a newly created resource. */
export function mockResourceState(request: MockStateRequest): MockStateResult {
  const physicalName = physicalNameOf(request);
  const arn = arnFor(request, physicalName);
  const extra = OUTPUTS_BY_TYPE[request.type]?.(request, { physicalName, arn }) ?? {};
  const id =
    typeof extra.url === "string"
      ? extra.url
      : typeof extra.zoneId === "string" && request.type.startsWith("aws:route53/zone")
        ? extra.zoneId
        : `${physicalName}-${shortHash(request.type + physicalName, 6)}`;
  return { id, outputs: { name: physicalName, arn, id, ...extra } };
}

/** Provider functions the cell program may call, answered offline. */
export function mockInvoke(token: string, region: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/cellplane`,
        userId: "AIDAMOCK",
        id: MOCK_ACCOUNT_ID,
      };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region };
    case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
      // A stable id per list and region, shaped like the real ones (pl-<17 hex>).
      return { id: `pl-${shortHash(`${region}/${String(args.name)}`, 17)}`, name: args.name, region };
    default:
      throw new Error(
        `the offline plan has no answer for provider function ${token}; add one to tools/plan/mock-state.ts`,
      );
  }
}
