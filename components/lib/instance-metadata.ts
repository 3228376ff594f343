/**
 * The instance metadata service every cell instance gets (app instances and EKS nodes): session tokens required
 * (IMDSv2 only), a response hop limit of 1 so a container behind the host's network cannot reach it, and no
 * instance tags in it. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html
 */
export const IMDSV2_ONLY = {
  httpEndpoint: "enabled",
  httpTokens: "required",
  httpPutResponseHopLimit: 1,
  instanceMetadataTags: "disabled",
} as const;
