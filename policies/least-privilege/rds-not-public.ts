import { forbidSetting, isTrue } from "../lib/checks";
import { cis, CIS_AWS_BENCHMARK, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

export const rdsNotPublic: ResourcePolicyDefinition = {
  scope: "resource",
  name: "rds-not-public",
  description: "Database instances and Aurora cluster instances are not publicly accessible.",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [
    securityHub(
      "RDS.2",
      "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration",
    ),
    cis("2.3.3", "Ensure that public access is not given to RDS Instance"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation:
    "Set `publiclyAccessible: false` (the default) and place the instance in the cell's private database subnet group.",
  resourceTypes: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
  check: (database) =>
    forbidSetting(
      at(database.props, "publiclyAccessible"),
      isTrue,
      "publiclyAccessible",
      `database ${database.name} is publicly accessible: set publiclyAccessible to false`,
    ),
};
