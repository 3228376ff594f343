/**
 * The user data every app instance boots with: Amazon Linux 2023 cloud-init that installs Docker and the CloudWatch
 * agent, writes one systemd unit that pulls the app's container image (with the instance role: ECR login through
 * the AWS CLI AL2023 ships) and runs it on the app port, ships the container's output to the cell's app log group,
 * and starts it all. Rendered from one template by one pure function, so what boots is what the tests read.
 *
 * Nothing secret goes in: user data is readable by anyone allowed `ec2:DescribeInstanceAttribute`, and it is kept
 * in the launch template. The app reaches the database with IAM authentication and reads the cache token from
 * Secrets Manager at run time; environment variables whose names look like secrets are refused.
 *
 * AL2023 facts: the `docker` package and `amazon-cloudwatch-agent` are in the AL2023 repository
 * (https://docs.aws.amazon.com/linux/al2023/ug/docker.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Agent-commandline-fileconfig.html);
 * cloud-init runs `#cloud-config` user data (https://docs.aws.amazon.com/linux/al2023/ug/cloud-init.html); the SSM
 * agent is preinstalled on AL2023 AMIs, so Session Manager needs only the role's permissions.
 */
import { stringify } from "yaml";
import { CONTAINER_IMAGE, IMAGE_TAG } from "../../fleet/limits";

/** Everything the template needs, already resolved (no Pulumi outputs). */
export interface AppUserDataInputs {
  /** The cell, for names and the environment. */
  cellId: string;
  region: string;
  /** Container image without tag: `<account>.dkr.ecr.<region>.amazonaws.com/<repo>` or a public image name. */
  image: string;
  /** Image tag to run, e.g. `1.42.0`: changing it changes the user data, hence the template, hence a refresh. */
  version: string;
  /** Port the container listens on (mapped 1:1 on the host); the load balancer's target port. */
  port: number;
  /** CloudWatch Logs group the container's output goes to (created by the cell with its key and retention). */
  logGroupName: string;
  /** CloudWatch agent metrics namespace; the instance role may publish only to it. */
  metricsNamespace: string;
  /** Non-secret settings passed to the container as environment variables. */
  environment: Record<string, string>;
}

export const APP_UNIT = "cellplane-app.service";
export const CONTAINER_NAME = "cellplane-app";
const ENV_FILE = "/etc/cellplane/app.env";
const PULL_SCRIPT = "/usr/local/bin/cellplane-pull";
const AGENT_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json";

/** An ECR registry host: `<account>.dkr.ecr.<region>.amazonaws.com` (`.com.cn` in China). */
const ECR_REGISTRY = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/**
 * Names that announce a secret; their values belong in Secrets Manager, read by the app at run time. A name ending
 * in `_ARN` names where a secret is (e.g. `CACHE_AUTH_SECRET_ARN`), which is not secret.
 */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY/i;

/** Problems with the inputs, each naming the field and the fix; empty when the user data can be rendered. */
export function appUserDataProblems(inputs: AppUserDataInputs): string[] {
  const problems: string[] = [];
  if (!CONTAINER_IMAGE.pattern.test(inputs.image)) {
    problems.push(
      `app.image "${inputs.image}" must be an image name without tag or digest, ` +
        'e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront"',
    );
  }
  if (!IMAGE_TAG.pattern.test(inputs.version)) {
    problems.push(`app.version "${inputs.version}" must be an image tag such as "1.42.0"`);
  }
  for (const [name, value] of Object.entries(inputs.environment)) {
    if (!ENV_NAME.test(name)) {
      problems.push(`environment variable "${name}" must be upper-case letters, digits and _`);
    }
    if (SECRET_NAME.test(name) && !name.endsWith("_ARN")) {
      problems.push(
        `environment variable ${name} looks like a secret: user data is readable by anyone allowed ` +
          "ec2:DescribeInstanceAttribute; pass the secret's ARN instead and read it at run time",
      );
    }
    if (/[\n\r]/.test(value)) {
      problems.push(`environment variable ${name} must be one line`);
    }
  }
  return problems;
}

/** The ECR registry of the image, or undefined for images pulled without credentials. */
export function ecrRegistry(image: string): { host: string; account: string; region: string } | undefined {
  const host = image.split("/")[0] ?? "";
  const match = ECR_REGISTRY.exec(host);
  return match ? { host, account: match[1], region: match[2] } : undefined;
}

/** The cloud-init document (`#cloud-config` + YAML). Throws when {@link appUserDataProblems} finds any. */
export function renderAppUserData(inputs: AppUserDataInputs): string {
  const problems = appUserDataProblems(inputs);
  if (problems.length > 0) {
    throw new Error(`cannot render the app user data of cell ${inputs.cellId}:\n  - ${problems.join("\n  - ")}`);
  }
  const reference = `${inputs.image}:${inputs.version}`;
  const config = {
    packages: ["docker", "amazon-cloudwatch-agent"],
    write_files: [
      { path: ENV_FILE, permissions: "0644", content: envFile(inputs) },
      { path: PULL_SCRIPT, permissions: "0755", content: pullScript(inputs.image, reference) },
      { path: `/etc/systemd/system/${APP_UNIT}`, permissions: "0644", content: systemdUnit(inputs, reference) },
      { path: AGENT_CONFIG, permissions: "0644", content: `${JSON.stringify(agentConfig(inputs), null, 2)}\n` },
    ],
    runcmd: [
      ["systemctl", "enable", "--now", "docker"],
      [
        "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl",
        ...["-a", "fetch-config", "-m", "ec2", "-s", "-c", `file:${AGENT_CONFIG}`],
      ],
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", APP_UNIT],
    ],
  };
  const header = `#cloud-config\n# cellplane cell ${inputs.cellId}: ${reference}\n`;
  return header + stringify(config, { lineWidth: 0 });
}

function envFile(inputs: AppUserDataInputs): string {
  const variables = {
    ...inputs.environment,
    CELLPLANE_CELL: inputs.cellId,
    AWS_REGION: inputs.region,
    PORT: String(inputs.port),
    APP_VERSION: inputs.version,
  };
  return `${Object.entries(variables)
    .map(([name, value]) => `${name}=${value}`)
    .join("\n")}\n`;
}

/** Logs in to ECR with the instance role (when the image is in ECR), then pulls: retried by systemd on failure. */
function pullScript(image: string, reference: string): string {
  const registry = ecrRegistry(image);
  const login = registry
    ? `aws ecr get-login-password --region ${registry.region} | ` +
      `docker login --username AWS --password-stdin ${registry.host}\n`
    : "";
  return `#!/bin/sh\nset -eu\n${login}docker pull ${reference}\n`;
}

function systemdUnit(inputs: AppUserDataInputs, reference: string): string {
  // Host networking: the app listens on the instance's own port and reaches the instance metadata service in one
  // hop. Behind Docker's bridge a container is one hop further, and with the launch template's IMDSv2 hop limit of 1
  // it could never get a token, so the AWS SDK in the app would find no instance-role credentials
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html).
  const run = [
    "/usr/bin/docker run --rm",
    `--name ${CONTAINER_NAME}`,
    "--network host",
    `--env-file ${ENV_FILE}`,
    "--log-driver awslogs",
    `--log-opt awslogs-region=${inputs.region}`,
    `--log-opt awslogs-group=${inputs.logGroupName}`,
    "--log-opt awslogs-stream=%H",
    reference,
  ].join(" ");
  return [
    "[Unit]",
    `Description=cellplane app ${reference}`,
    "Requires=docker.service",
    "After=docker.service network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Restart=always",
    "RestartSec=5",
    "TimeoutStartSec=600",
    `ExecStartPre=-/usr/bin/docker rm --force ${CONTAINER_NAME}`,
    `ExecStartPre=${PULL_SCRIPT}`,
    `ExecStart=${run}`,
    `ExecStop=/usr/bin/docker stop ${CONTAINER_NAME}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** Memory and disk metrics (EC2 has no such metrics of its own) in the cell's namespace, per instance. */
function agentConfig(inputs: AppUserDataInputs): Record<string, unknown> {
  return {
    agent: { metrics_collection_interval: 60 },
    metrics: {
      namespace: inputs.metricsNamespace,
      append_dimensions: { InstanceId: "${aws:InstanceId}", AutoScalingGroupName: "${aws:AutoScalingGroupName}" },
      metrics_collected: {
        mem: { measurement: ["mem_used_percent"] },
        disk: { measurement: ["used_percent"], resources: ["/"] },
      },
    },
  };
}
