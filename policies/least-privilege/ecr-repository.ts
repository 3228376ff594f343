import { isTrue, requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

export const ecrRepository: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ecr-repository",
  description:
    "ECR repositories scan images on push and keep tags immutable, so a deployed tag always names the image that " +
    "was scanned (images are encrypted at rest by default; AES256 satisfies it).",
  group: "least-privilege",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("ECR.1", "ECR private repositories should have image scanning configured"),
    securityHub("ECR.2", "ECR private repositories should have tag immutability configured"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2",
  ],
  remediation:
    'Set `imageScanningConfiguration: { scanOnPush: true }` and `imageTagMutability: "IMMUTABLE"` on the repository.',
  resourceTypes: ["aws:ecr/repository:Repository"],
  check: (repository) => [
    ...requireSetting(
      at(repository.props, "imageScanningConfiguration", "scanOnPush"),
      isTrue,
      "imageScanningConfiguration.scanOnPush",
      `repository ${repository.name} does not scan images on push: set imageScanningConfiguration.scanOnPush`,
    ),
    ...requireSetting(
      at(repository.props, "imageTagMutability"),
      (value) => value === "IMMUTABLE" || value === "IMMUTABLE_WITH_EXCLUSION",
      "imageTagMutability",
      `repository ${repository.name} lets a tag be pushed again over another image: ` +
        'set imageTagMutability to "IMMUTABLE"',
    ),
  ],
};
