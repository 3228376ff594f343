import { INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "../lib/aws";
import { isTrue, requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isTrueFlag, isUnknown, listOf, type Plain } from "../lib/values";

function nounOf(resource: CheckedResource): string {
  return resource.type === LAUNCH_CONFIGURATION ? "launch configuration" : "instance";
}

function instanceFindings(instance: CheckedResource): Finding[] {
  const root = at(instance.props, "rootBlockDevice");
  const rootDeclaredElsewhere = root === undefined && at(instance.props, "launchTemplate") !== undefined;
  const rootFindings = rootDeclaredElsewhere
    ? []
    : requireSetting(
        at(root, "encrypted"),
        isTrue,
        "rootBlockDevice.encrypted",
        `${nounOf(instance)} ${instance.name} has an unencrypted root volume: set rootBlockDevice.encrypted to true`,
      );
  const devices = listOf(at(instance.props, "ebsBlockDevices"));
  if (isUnknown(devices)) {
    return [...rootFindings, notYetCheckable("ebsBlockDevices")];
  }
  return [
    ...rootFindings,
    ...eachFinding(devices, (device, index) =>
      requireSetting(
        at(device, "encrypted"),
        isTrue,
        `ebsBlockDevices[${index}].encrypted`,
        `${nounOf(instance)} ${instance.name} has an unencrypted EBS volume ${deviceName(device, index)}: set ` +
          `encrypted to true`,
      ),
    ),
  ];
}

/** Launch templates carry `ebs.encrypted` as the string "true". */
function launchTemplateFindings(template: CheckedResource): Finding[] {
  const mappings = listOf(at(template.props, "blockDeviceMappings"));
  if (isUnknown(mappings)) {
    return [notYetCheckable("blockDeviceMappings")];
  }
  const ebsMappings = mappings.filter((mapping) => at(mapping, "ebs") !== undefined);
  if (ebsMappings.length === 0) {
    return [
      violation(
        `launch template ${template.name} declares no EBS block device mapping, so the root volume's encryption is ` +
          `left to the AMI: add one with ebs.encrypted = "true"`,
      ),
    ];
  }
  return eachFinding(ebsMappings, (mapping, index) =>
    requireSetting(
      at(mapping, "ebs", "encrypted"),
      isTrueFlag,
      `blockDeviceMappings[${index}].ebs.encrypted`,
      `launch template ${template.name} has an unencrypted EBS mapping ${deviceName(mapping, index)}: set ` +
        `ebs.encrypted to "true"`,
    ),
  );
}

function deviceName(device: Plain, index: number): string {
  const name = at(device, "deviceName");
  return typeof name === "string" ? name : `#${index}`;
}

export const ec2BlockDevicesEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ec2-block-devices-encrypted",
  description:
    "EC2 instances and launch templates declare encrypted root and EBS volumes (a launch template's encrypted flag " +
    'is the string "true").',
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  // Not EC2.7 ("EBS default encryption should be enabled"): that is an account-level setting, not what an
  // instance or launch template declares.
  controls: [
    securityHub("EC2.3", "Attached Amazon EBS volumes should be encrypted at-rest"),
    securityHub("EC2.181", "EC2 launch templates should enable encryption for attached EBS volumes"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-181",
  ],
  remediation:
    "Instances: `rootBlockDevice: { encrypted: true, kmsKeyId }` and `encrypted: true` on every `ebsBlockDevices` " +
    "entry. Launch templates: a `blockDeviceMappings` entry for the root device with " +
    '`ebs: { encrypted: "true", kmsKeyId }`, and the same on every other EBS mapping.',
  // Launch configurations declare volumes as instances do (rootBlockDevice, ebsBlockDevices).
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  check: (resource) =>
    resource.type === LAUNCH_TEMPLATE ? launchTemplateFindings(resource) : instanceFindings(resource),
};
