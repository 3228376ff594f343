/**
 * Cases for the services teams add beside their cells (issue 11, items 4 and 5): data stores, search, streaming,
 * API Gateway, classic load balancers, CloudTrail (access-cases.ts has S3 ACLs and TLS-only policies, ECR,
 * resource policies and OIDC trust). Sources translated (not copied) are named per case:
 * checkov's tests/terraform/checks/resource/aws fixtures and KICS query samples.
 */
import type { AnalyzerResourceInput, PropertyMap } from "../../tools/analyzer";
import { CELL, cellResource, KEY_ARN, REGION } from "./harness";
import type { ResourceCase } from "./resource-cases";

type Build = (overrides?: PropertyMap, name?: string) => AnalyzerResourceInput;

const build =
  (type: string, defaultName: string, base: PropertyMap, protect = false): Build =>
  (overrides = {}, name = defaultName) =>
    cellResource(type, name, { ...base, ...overrides }, protect ? { protect: true } : {});

const fileSystem = build(
  "aws:efs/fileSystem:FileSystem",
  `${CELL}-files`,
  { encrypted: true, kmsKeyId: KEY_ARN },
  true,
);
const stream = build("aws:kinesis/stream:Stream", `${CELL}-events`, {
  shardCount: 1,
  encryptionType: "KMS",
  kmsKeyId: KEY_ARN,
});
const firehose = build("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", `${CELL}-firehose`, {
  destination: "extended_s3",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
});
const docdb = build(
  "aws:docdb/cluster:Cluster",
  `${CELL}-docdb`,
  { storageEncrypted: true, kmsKeyId: KEY_ARN, deletionProtection: true, skipFinalSnapshot: false },
  true,
);
const neptune = build(
  "aws:neptune/cluster:Cluster",
  `${CELL}-graph`,
  { storageEncrypted: true, kmsKeyArn: KEY_ARN, deletionProtection: true },
  true,
);
const redshift = build("aws:redshift/cluster:Cluster", `${CELL}-warehouse`, { nodeType: "ra3.xlplus" }, true);
const table = build(
  "aws:dynamodb/table:Table",
  `${CELL}-sessions`,
  { hashKey: "id", serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN } },
  true,
);
const searchDomain = build(
  "aws:opensearch/domain:Domain",
  `${CELL}-search`,
  {
    encryptAtRest: { enabled: true, kmsKeyId: KEY_ARN },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
  },
  true,
);
const msk = build("aws:msk/cluster:Cluster", `${CELL}-kafka`, {
  kafkaVersion: "3.6.0",
  encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
});
const docdbParameters = build("aws:docdb/clusterParameterGroup:ClusterParameterGroup", `${CELL}-docdb-params`, {
  family: "docdb5.0",
  parameters: [{ name: "audit_logs", value: "enabled" }],
});
const redshiftParameters = build("aws:redshift/parameterGroup:ParameterGroup", `${CELL}-warehouse-params`, {
  family: "redshift-1.0",
  parameters: [{ name: "require_ssl", value: "true" }],
});
const trail = build("aws:cloudtrail/trail:Trail", `${CELL}-trail`, { s3BucketName: "trail-logs", kmsKeyId: KEY_ARN });
const ebsDefault = build("aws:ebs/encryptionByDefault:EncryptionByDefault", "account-ebs-default", { enabled: true });
const restDomain = build("aws:apigateway/domainName:DomainName", `${CELL}-api-domain`, {
  domainName: "api.example.com",
  securityPolicy: "TLS_1_2",
});
const httpDomain = build("aws:apigatewayv2/domainName:DomainName", `${CELL}-http-domain`, {
  domainName: "ws.example.com",
  domainNameConfiguration: { endpointType: "REGIONAL", securityPolicy: "TLS_1_2", certificateArn: "arn:cert" },
});
const methodSettings = build("aws:apigateway/methodSettings:MethodSettings", `${CELL}-api-settings`, {
  methodPath: "*/*",
  settings: { cachingEnabled: true, cacheDataEncrypted: true },
});
const classicElb = build("aws:elb/loadBalancer:LoadBalancer", `${CELL}-classic`, {
  availabilityZones: [`${REGION}a`, `${REGION}b`],
  accessLogs: { bucket: `${CELL}-elb-logs` },
  listeners: [
    { instancePort: 8443, instanceProtocol: "https", lbPort: 443, lbProtocol: "https", sslCertificateId: "arn:cert" },
  ],
});
const negotiationPolicy = build("aws:elb/loadBalancerPolicy:LoadBalancerPolicy", `${CELL}-classic-tls`, {
  loadBalancerName: `${CELL}-classic`,
  policyName: "tls12",
  policyTypeName: "SSLNegotiationPolicyType",
  policyAttributes: [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }],
});

export const SERVICES_RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "data-stores-encrypted",
    compliant: [fileSystem(), stream(), firehose(), docdb(), neptune(), redshift()],
    violating: [
      // checkov example_EFSEncryptionEnabled / KICS "EFS Not Encrypted": encrypted unset or false.
      { title: "EFS encrypted unset", resource: fileSystem({ encrypted: undefined, kmsKeyId: undefined }) },
      // checkov example_KinesisStreamEncryptionType: encryption_type "NONE".
      { title: 'Kinesis encryptionType "NONE"', resource: stream({ encryptionType: "NONE", kmsKeyId: undefined }) },
      { title: "Firehose without serverSideEncryption", resource: firehose({ serverSideEncryption: undefined }) },
      {
        title: "DocumentDB storageEncrypted unset",
        resource: docdb({ storageEncrypted: undefined, kmsKeyId: undefined }),
      },
      { title: "Neptune storageEncrypted false", resource: neptune({ storageEncrypted: false }) },
      // Redshift clusters are encrypted by default: only an explicit false fails.
      { title: "Redshift encrypted false", resource: redshift({ encrypted: false }) },
    ],
  },
  {
    policy: "dynamodb-customer-key",
    compliant: [table()],
    violating: [
      // checkov example_DynamoDBTablesEncrypted: no server_side_encryption block (AWS owned key).
      { title: "AWS owned key (no serverSideEncryption)", resource: table({ serverSideEncryption: undefined }) },
      {
        title: "AWS managed key (enabled, no kmsKeyArn)",
        resource: table({ serverSideEncryption: { enabled: true } }),
      },
    ],
  },
  {
    policy: "search-domain-secure",
    compliant: [
      searchDomain(),
      build("aws:elasticsearch/domain:Domain", `${CELL}-legacy-search`, searchDomain().inputs, true)(),
    ],
    violating: [
      {
        title: "nothing set (checkov example_ElasticsearchEncryption-style defaults)",
        resource: searchDomain({
          encryptAtRest: undefined,
          nodeToNodeEncryption: undefined,
          domainEndpointOptions: undefined,
        }),
        violations: 4,
      },
      {
        title: "HTTPS with Policy-Min-TLS-1-0-2019-07",
        resource: searchDomain({
          domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
        }),
      },
    ],
  },
  {
    policy: "msk-tls",
    compliant: [msk(), msk({ encryptionInfo: undefined }, `${CELL}-kafka-defaults`)],
    violating: [
      // checkov example_MSKClusterEncryption: client_broker "TLS_PLAINTEXT" and in_cluster false.
      {
        title: "TLS_PLAINTEXT clients and plaintext between brokers",
        resource: msk({ encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: false } } }),
        violations: 2,
      },
    ],
  },
  {
    policy: "parameter-group-tls",
    compliant: [docdbParameters(), redshiftParameters()],
    violating: [
      // checkov example_DocDBTLS: the tls parameter "disabled".
      {
        title: 'DocumentDB tls "disabled"',
        resource: docdbParameters({ parameters: [{ name: "tls", value: "disabled" }] }),
      },
      // checkov example_RedshiftClusterParameterGroupRequireSSL-style: require_ssl missing.
      { title: "Redshift group without require_ssl", resource: redshiftParameters({ parameters: [] }) },
    ],
  },
  {
    policy: "cloudtrail-kms",
    compliant: [trail()],
    violating: [
      { title: "no kmsKeyId (checkov example_CloudtrailEncryption)", resource: trail({ kmsKeyId: undefined }) },
    ],
  },
  {
    policy: "ebs-default-encryption",
    compliant: [ebsDefault(), ebsDefault({ enabled: undefined }, "account-ebs-default-unset")],
    violating: [
      { title: "enabled false (checkov example_EBSDefaultEncryption)", resource: ebsDefault({ enabled: false }) },
    ],
  },
  {
    policy: "apigateway-tls",
    compliant: [
      restDomain(),
      httpDomain(),
      methodSettings(),
      methodSettings({ settings: { cachingEnabled: false } }, `${CELL}-no-cache`),
    ],
    violating: [
      // checkov example_APIGatewayDomainNameTLS: security_policy "TLS_1_0", and unset.
      { title: 'REST domain "TLS_1_0"', resource: restDomain({ securityPolicy: "TLS_1_0" }) },
      { title: "REST domain securityPolicy unset", resource: restDomain({ securityPolicy: undefined }) },
      // checkov example_APIGatewayMethodSettingsCacheEncrypted: caching on, cache_data_encrypted false.
      {
        title: "cache on, unencrypted",
        resource: methodSettings({ settings: { cachingEnabled: true, cacheDataEncrypted: false } }),
      },
    ],
  },
  {
    policy: "classic-elb-tls",
    compliant: [
      classicElb(),
      negotiationPolicy(),
      negotiationPolicy(
        {
          policyAttributes: [
            { name: "Protocol-TLSv1.2", value: "true" },
            { name: "Protocol-TLSv1.1", value: "false" },
            { name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" },
          ],
        },
        `${CELL}-classic-custom`,
      ),
    ],
    violating: [
      {
        title: "an HTTP listener (KICS ELB samples)",
        resource: classicElb({
          listeners: [{ instancePort: 8000, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }],
        }),
      },
      {
        title: "custom negotiation policy enabling TLSv1 (checkov CKV_AWS_213-style)",
        resource: negotiationPolicy({
          policyAttributes: [
            { name: "Protocol-TLSv1", value: "true" },
            { name: "Protocol-TLSv1.2", value: "true" },
          ],
        }),
      },
      {
        title: "negotiation policy on ELBSecurityPolicy-2016-08",
        resource: negotiationPolicy({
          policyAttributes: [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-2016-08" }],
        }),
      },
    ],
  },
];
