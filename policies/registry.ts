/** Every policy of the pack, in the order the pack serves them. Importing this starts nothing. */
import { cloudfrontWaf } from "./edge/cloudfront-waf";
import { cellDatabaseKey } from "./encryption/cell-database-key";
import { cloudfrontTls } from "./encryption/cloudfront-tls";
import { cloudfrontViewerHttps } from "./encryption/cloudfront-viewer-https";
import { ebsVolumeEncrypted } from "./encryption/ebs-volume-encrypted";
import { ec2BlockDevicesEncrypted } from "./encryption/ec2-block-devices-encrypted";
import { eksSecretsEncrypted } from "./encryption/eks-secrets-encrypted";
import { elasticacheEncrypted } from "./encryption/elasticache-encrypted";
import { kmsKeyRotation } from "./encryption/kms-key-rotation";
import { lbListenerTls } from "./encryption/lb-listener-tls";
import { logGroupEncrypted } from "./encryption/log-group-encrypted";
import { rdsStorageEncrypted } from "./encryption/rds-storage-encrypted";
import { rdsTlsEnforced } from "./encryption/rds-tls-enforced";
import { s3BucketEncryptedPrivate } from "./encryption/s3-bucket-encrypted-private";
import { secretEncrypted } from "./encryption/secret-encrypted";
import { snsTopicEncrypted } from "./encryption/sns-topic-encrypted";
import { sqsQueueEncrypted } from "./encryption/sqs-queue-encrypted";
import { waiverValid } from "./governance/waiver-valid";
import { cellIamNoCrossCellAccess } from "./isolation/cell-iam-no-cross-cell-access";
import { cellResourceTags } from "./isolation/cell-resource-tags";
import { cellSingleCellRegion } from "./isolation/cell-single-cell-region";
import { ec2Imdsv2Required } from "./least-privilege/ec2-imdsv2-required";
import { ec2NoPublicIp } from "./least-privilege/ec2-no-public-ip";
import { eksAccessEntries } from "./least-privilege/eks-access-entries";
import { eksEndpointRestricted } from "./least-privilege/eks-endpoint-restricted";
import { eksNodeGroupImdsv2 } from "./least-privilege/eks-node-group-imdsv2";
import { iamDocumentValid } from "./least-privilege/iam-document-valid";
import { iamNoAdminAttachments } from "./least-privilege/iam-no-admin-attachments";
import { iamNoWildcardActions } from "./least-privilege/iam-no-wildcard-actions";
import { iamNoWildcardResources } from "./least-privilege/iam-no-wildcard-resources";
import { iamTrustNoWildcardPrincipal } from "./least-privilege/iam-trust-no-wildcard-principal";
import { k8sDropAllCapabilities } from "./least-privilege/k8s-drop-all-capabilities";
import { k8sNoHostNamespaces } from "./least-privilege/k8s-no-host-namespaces";
import { k8sNoPrivilegeEscalation } from "./least-privilege/k8s-no-privilege-escalation";
import { k8sNoPrivilegedContainers } from "./least-privilege/k8s-no-privileged-containers";
import { k8sRunAsNonRoot } from "./least-privilege/k8s-run-as-non-root";
import { k8sSeccompRuntimeDefault } from "./least-privilege/k8s-seccomp-runtime-default";
import { rdsNotPublic } from "./least-privilege/rds-not-public";
import { securityGroupNoPublicIngress } from "./least-privilege/security-group-no-public-ingress";
import { apigatewayTls } from "./encryption/apigateway-tls";
import { classicElbTls } from "./encryption/classic-elb-tls";
import { cloudtrailKms } from "./encryption/cloudtrail-kms";
import { dataStoresEncrypted } from "./encryption/data-stores-encrypted";
import { dynamodbCustomerKey } from "./encryption/dynamodb-customer-key";
import { ebsDefaultEncryption } from "./encryption/ebs-default-encryption";
import { mskTls } from "./encryption/msk-tls";
import { parameterGroupTls } from "./encryption/parameter-group-tls";
import { s3TlsOnly } from "./encryption/s3-tls-only";
import { searchDomainSecure } from "./encryption/search-domain-secure";
import { ecrRepository } from "./least-privilege/ecr-repository";
import { iamOidcTrustScoped } from "./least-privilege/iam-oidc-trust-scoped";
import { resourcePolicyNotPublic } from "./least-privilege/resource-policy-not-public";
import { s3NoPublicAcl } from "./least-privilege/s3-no-public-acl";
import { k8sNoAutomountToken } from "./least-privilege/k8s-no-automount-token";
import { k8sNoHostPath } from "./least-privilege/k8s-no-host-path";
import { k8sNoHostPorts } from "./least-privilege/k8s-no-host-ports";
import { k8sRbacNoWildcards } from "./least-privilege/k8s-rbac-no-wildcards";
import type { PolicyDefinition } from "./lib/policy";
import { cloudfrontLogging } from "./logging/cloudfront-logging";
import { eksControlPlaneLogging } from "./logging/eks-control-plane-logging";
import { lbAccessLogs } from "./logging/lb-access-logs";
import { route53QueryLogging } from "./logging/route53-query-logging";
import { vpcFlowLogs } from "./logging/vpc-flow-logs";
import { asgResilient } from "./resilience/asg-resilient";
import { backupRetention } from "./resilience/backup-retention";
import { dbDeletionProtection } from "./resilience/db-deletion-protection";
import { finalSnapshot } from "./resilience/final-snapshot";
import { multiAz } from "./resilience/multi-az";
import { statefulProtect } from "./resilience/stateful-protect";

export const PACK_NAME = "cellplane";

export const POLICIES: readonly PolicyDefinition[] = [
  // encryption
  sqsQueueEncrypted,
  snsTopicEncrypted,
  rdsStorageEncrypted,
  elasticacheEncrypted,
  ebsVolumeEncrypted,
  ec2BlockDevicesEncrypted,
  kmsKeyRotation,
  logGroupEncrypted,
  s3BucketEncryptedPrivate,
  secretEncrypted,
  eksSecretsEncrypted,
  lbListenerTls,
  cellDatabaseKey,
  rdsTlsEnforced,
  cloudfrontViewerHttps,
  cloudfrontTls,
  s3TlsOnly,
  dataStoresEncrypted,
  dynamodbCustomerKey,
  searchDomainSecure,
  mskTls,
  parameterGroupTls,
  cloudtrailKms,
  ebsDefaultEncryption,
  apigatewayTls,
  classicElbTls,
  // least privilege
  iamDocumentValid,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamNoAdminAttachments,
  iamTrustNoWildcardPrincipal,
  securityGroupNoPublicIngress,
  resourcePolicyNotPublic,
  iamOidcTrustScoped,
  s3NoPublicAcl,
  ecrRepository,
  ec2NoPublicIp,
  ec2Imdsv2Required,
  rdsNotPublic,
  eksEndpointRestricted,
  eksAccessEntries,
  eksNodeGroupImdsv2,
  k8sNoPrivilegedContainers,
  k8sNoHostNamespaces,
  k8sNoPrivilegeEscalation,
  k8sRunAsNonRoot,
  k8sDropAllCapabilities,
  k8sSeccompRuntimeDefault,
  k8sNoHostPorts,
  k8sNoHostPath,
  k8sNoAutomountToken,
  k8sRbacNoWildcards,
  // isolation
  cellResourceTags,
  cellSingleCellRegion,
  cellIamNoCrossCellAccess,
  // logging
  lbAccessLogs,
  vpcFlowLogs,
  eksControlPlaneLogging,
  cloudfrontLogging,
  route53QueryLogging,
  // edge
  cloudfrontWaf,
  // resilience (advisory; mandatory in the stacks pack-config.json names)
  dbDeletionProtection,
  backupRetention,
  finalSnapshot,
  multiAz,
  asgResilient,
  statefulProtect,
  // governance
  waiverValid,
];
