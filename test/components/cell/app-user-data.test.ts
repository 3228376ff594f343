import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import {
  APP_UNIT,
  appUserDataProblems,
  ecrRegistry,
  renderAppUserData,
  type AppUserDataInputs,
} from "../../../components/cell/app-user-data";

const INPUTS: AppUserDataInputs = {
  cellId: "use1-a",
  region: "us-east-1",
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront",
  version: "1.42.0",
  port: 8080,
  logGroupName: "/cellplane/use1-a/app",
  metricsNamespace: "cellplane/use1-a",
  environment: { DATABASE_HOST: "db.cluster-abc.us-east-1.rds.amazonaws.com", DATABASE_USER: "app" },
};

interface CloudConfig {
  packages: string[];
  write_files: { path: string; permissions: string; content: string }[];
  runcmd: string[][];
}

function rendered(inputs: AppUserDataInputs = INPUTS): { text: string; config: CloudConfig } {
  const text = renderAppUserData(inputs);
  return { text, config: parse(text) as CloudConfig };
}

function file(config: CloudConfig, path: string): string {
  const found = config.write_files.find((entry) => entry.path === path);
  if (!found) {
    throw new Error(`no file ${path}; have ${config.write_files.map((entry) => entry.path).join(", ")}`);
  }
  return found.content;
}

describe("renderAppUserData", () => {
  it("is #cloud-config with valid YAML and only the keys cloud-init knows", () => {
    const { text, config } = rendered();
    expect(text.split("\n")[0]).toBe("#cloud-config");
    expect(parseDocument(text).errors).toEqual([]);
    expect(Object.keys(config).sort()).toEqual(["packages", "runcmd", "write_files"]);
    expect(config.packages).toEqual(["docker", "amazon-cloudwatch-agent"]);
  });

  it("runs the image at the version through one systemd unit, enabled at boot, logging to the app log group", () => {
    const { config } = rendered();
    const unit = file(config, `/etc/systemd/system/${APP_UNIT}`);
    const execStart = unit.split("\n").find((line) => line.startsWith("ExecStart="));
    // Host networking keeps the instance metadata service one hop away (IMDSv2 hop limit 1), so the app gets the
    // instance role's credentials; a bridged, published port would put it out of reach.
    expect(execStart).toContain("--network host");
    expect(execStart).not.toContain("--publish");
    expect(execStart).toContain("--log-opt awslogs-group=/cellplane/use1-a/app");
    expect(execStart?.endsWith(" 123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront:1.42.0")).toBe(true);
    expect(unit).toContain("Restart=always");
    expect(unit).toContain("WantedBy=multi-user.target");
    expect(config.runcmd).toContainEqual(["systemctl", "enable", "--now", APP_UNIT]);
    expect(config.runcmd.findIndex((command) => command.includes("docker"))).toBeLessThan(
      config.runcmd.findIndex((command) => command.includes(APP_UNIT)),
    );
  });

  it("pulls from ECR with the instance role (no stored credentials), and without login for public images", () => {
    const ecrPull = file(rendered().config, "/usr/local/bin/cellplane-pull");
    expect(ecrPull).toContain(
      "aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin " +
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    );
    expect(ecrPull).toContain("docker pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront:1.42.0");
    const publicPull = file(
      rendered({ ...INPUTS, image: "public.ecr.aws/nginx/nginx" }).config,
      "/usr/local/bin/cellplane-pull",
    );
    expect(publicPull).not.toContain("docker login");
    expect(ecrRegistry("ghcr.io/acme/app")).toBeUndefined();
  });

  it("changes whenever the version changes (so the launch template changes and the instances roll)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), (version) => {
        fc.pre(version !== INPUTS.version);
        const text = renderAppUserData({ ...INPUTS, version });
        expect(text).not.toBe(renderAppUserData(INPUTS));
        expect(text).toContain(`storefront:${version}`);
        expect(file(parse(text) as CloudConfig, "/etc/cellplane/app.env")).toContain(`APP_VERSION=${version}`);
      }),
    );
  });

  it("carries no secret: the environment file holds only the given settings and the cell's identity", () => {
    const { text, config } = rendered();
    expect(file(config, "/etc/cellplane/app.env").trim().split("\n")).toEqual([
      "DATABASE_HOST=db.cluster-abc.us-east-1.rds.amazonaws.com",
      "DATABASE_USER=app",
      "CELLPLANE_CELL=use1-a",
      "AWS_REGION=us-east-1",
      "PORT=8080",
      "APP_VERSION=1.42.0",
    ]);
    expect(text).not.toMatch(/(password|secret|token)\w*\s*[=:]|AKIA[0-9A-Z]{16}/i);
  });

  it("refuses secret-looking variables, bad images and bad tags, naming the field", () => {
    expect(() => renderAppUserData({ ...INPUTS, environment: { DATABASE_PASSWORD: "hunter2" } })).toThrow(
      /DATABASE_PASSWORD looks like a secret/,
    );
    expect(appUserDataProblems({ ...INPUTS, image: "Storefront:1.0" })).toEqual([
      expect.stringContaining('app.image "Storefront:1.0"'),
    ]);
    expect(appUserDataProblems({ ...INPUTS, version: "-rc" })).toEqual([expect.stringContaining('app.version "-rc"')]);
    expect(appUserDataProblems({ ...INPUTS, image: "registry.acme.io:5000/team/app" })).toEqual([]);
    expect(
      appUserDataProblems({ ...INPUTS, environment: { CACHE_AUTH_SECRET_ARN: "arn:aws:secretsmanager:…" } }),
    ).toEqual([]);
  });

  it("publishes the agent's metrics to the cell's namespace only", () => {
    const agent = JSON.parse(
      file(rendered().config, "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"),
    ) as { metrics: { namespace: string } };
    expect(agent.metrics.namespace).toBe("cellplane/use1-a");
  });
});
