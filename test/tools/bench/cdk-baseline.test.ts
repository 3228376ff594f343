/**
 * The CDK baseline of the plan benchmark builds the same cell shape as cellplane: every cell of a small fleet
 * synthesizes, and cell by cell the CloudFormation resources match cellplane's plan under the mock runtime — type by
 * type where the types correspond one to one, and per part of the cell within the stated tolerance.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Cell } from "../../../components/cell/cell";
import { loadFleet } from "../../../fleet/load";
import { stacksOf, synthesizeFleet, type SynthesizedStack } from "../../../tools/bench/cdk/cdk-app";
import { comparisonTable } from "../../../tools/bench/cdk/compare";
import {
  CATEGORIES,
  CATEGORY_TOLERANCE,
  cdkCategories,
  cellplaneCategories,
  countOfTypes,
  isCloudResource,
  TYPE_MAPPING,
  withinTolerance,
} from "../../../tools/bench/cdk/resource-mapping";
import type { PlannedResource } from "../../../tools/lib/plan-file";
import { copyReferenceFleet, REFERENCE_CELLS_DIR } from "../../support/fleet-dir";
import { synthesize } from "../../support/synth";

/** Cells that differ in shape: 3 queues (one FIFO) and 3 readers; 2 zones; one NAT gateway and an alarm email. */
const COMPARED = ["use1-a", "apse2-a", "euw1-a"];

describe("CDK baseline (tools/bench/cdk)", async () => {
  const fleetCopy = copyReferenceFleet();
  // The baseline models asg cells: the reference fleet's eks cells become asg ones here.
  for (const eksCell of ["euw1-b.yaml", "usw2-a.yaml"]) {
    fleetCopy.edit(eksCell, (cell) => {
      delete cell.compute;
    });
  }
  fleetCopy.edit("euw1-a.yaml", (cell) => {
    cell.network = { natGateways: "single" };
    cell.alarms = { notificationEmails: ["oncall@example.com"] };
  });
  const fleet = loadFleet(fleetCopy.cellsDir);
  const outDir = mkdtempSync(path.join(tmpdir(), "cellplane-cdk-"));
  // Shape only: the template validation `cdk synth` runs by default is left to the CLI test (synth-cli.e2e.test.ts).
  const assembly = synthesizeFleet(fleet, outDir, { validation: false });
  const stacks = new Map(stacksOf(assembly).map((stack) => [stack.stackName, stack]));
  const cellplane = new Map<string, PlannedResource[]>();
  const planDir = path.join(outDir, "plan");
  mkdirSync(planDir);
  for (const id of COMPARED) {
    const spec = fleet.cells.find((cell) => cell.id === id)!;
    const certificateArn = `arn:aws:acm:${spec.region}:123456789012:certificate/00000000-0000-4000-8000-000000000000`;
    const planned = await synthesize(
      (provider) => new Cell(spec.id, { spec, certificateArn }, { providers: { aws: provider } }).outputs,
      { region: spec.region },
    );
    cellplane.set(id, planned.plan.resources);
    writeFileSync(path.join(planDir, `cell-${id}.json`), JSON.stringify(planned.plan));
  }
  afterAll(() => {
    fleetCopy.cleanup();
    rmSync(outDir, { recursive: true, force: true });
  });
  const cdkStack = (id: string): SynthesizedStack => stacks.get(`cell-${id}`)!;
  const cdkTypes = (id: string) => Object.values(cdkStack(id).resources).map((resource) => resource.Type);
  const cellplaneTypes = (id: string) => cellplane.get(id)!.map((resource) => resource.type);

  it("synthesizes one stack per cell of the fleet, in the cell's region, answering every lookup itself", () => {
    expect([...stacks.keys()].sort()).toEqual(fleet.cells.map((cell) => `cell-${cell.id}`).sort());
    for (const stack of assembly.stacks) {
      const cell = fleet.cells.find((candidate) => `cell-${candidate.id}` === stack.stackName)!;
      expect(stack.environment).toMatchObject({ account: "123456789012", region: cell.region });
    }
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });

  it.each(COMPARED)("%s: as many resources as cellplane of every type that maps one to one", (id) => {
    for (const row of TYPE_MAPPING.filter((mapping) => mapping.equal)) {
      const expected = countOfTypes(cellplaneTypes(id), row.pulumi);
      expect(countOfTypes(cdkTypes(id), row.cloudFormation), `${row.cloudFormation.join(", ")} (${id})`).toBe(expected);
    }
  });

  it.each(COMPARED)("%s: every part of the cell within the stated tolerance of cellplane's count", (id) => {
    const ours = cellplaneCategories(cellplane.get(id)!);
    const theirs = cdkCategories(cdkStack(id));
    for (const category of CATEGORIES) {
      expect(ours[category], `${category} of cellplane's ${id}`).toBeGreaterThan(0);
      expect(
        withinTolerance(theirs[category], ours[category]),
        `${category} of ${id}: CDK ${theirs[category]}, cellplane ${ours[category]} (tolerance ` +
          `${JSON.stringify(CATEGORY_TOLERANCE)})`,
      ).toBe(true);
    }
  });

  it("refuses eks cells rather than build an asg cell in their place (a different shape)", () => {
    const reference = loadFleet(REFERENCE_CELLS_DIR);
    expect(() => synthesizeFleet(reference, path.join(outDir, "refused"))).toThrow(
      /models asg cells only; euw1-b, usw2-a set compute\.kind: eks/,
    );
  });

  it("compare.ts tabulates, per cell in both folders, the parts of the cell side by side", () => {
    const table = comparisonTable(planDir, outDir).split("\n");
    expect(table[0]).toBe(`| stack | ${CATEGORIES.join(" | ")} | total |`);
    const rows = table.slice(2);
    expect(rows.map((row) => row.split(" | ")[0])).toEqual(COMPARED.map((id) => `| cell-${id}`).sort());
    const use1a = rows.find((row) => row.startsWith("| cell-use1-a "))!.split(" | ");
    const ours = cellplaneCategories(cellplane.get("use1-a")!);
    const theirs = cdkCategories(cdkStack("use1-a"));
    expect(use1a[1 + CATEGORIES.indexOf("database")]).toBe(`${theirs.database} / ${ours.database}`);
  });

  it("maps every type either side creates in these cells, each in one row", () => {
    for (const side of ["pulumi", "cloudFormation"] as const) {
      const types = TYPE_MAPPING.flatMap((row) => row[side]);
      expect(
        types.filter((type, index) => types.indexOf(type) !== index),
        side,
      ).toEqual([]);
    }
    const mapped = (side: "pulumi" | "cloudFormation") => new Set(TYPE_MAPPING.flatMap((row) => row[side]));
    const cellplaneSide = mapped("pulumi");
    const cdkSide = mapped("cloudFormation");
    for (const id of COMPARED) {
      expect(cellplaneTypes(id).filter((type) => isCloudResource(type) && !cellplaneSide.has(type))).toEqual([]);
      expect(cdkTypes(id).filter((type) => type !== "AWS::CDK::Metadata" && !cdkSide.has(type))).toEqual([]);
    }
  });

  it("hardens what cellplane hardens: IMDSv2, the cell key on every store, TLS-only database and cache", () => {
    const resources = Object.entries(cdkStack("use1-a").resources) as [string, { Type: string; Properties?: Props }][];
    const ofType = (type: string) =>
      resources.filter(([, resource]) => resource.Type === type).map(([, resource]) => resource.Properties ?? {});
    const [keyId] = resources.find(([, resource]) => resource.Type === "AWS::KMS::Key")!;
    const cellKey = { "Fn::GetAtt": [keyId, "Arn"] };
    const template = ofType("AWS::EC2::LaunchTemplate")[0].LaunchTemplateData as Props;
    expect(template.MetadataOptions).toMatchObject({ HttpTokens: "required", HttpPutResponseHopLimit: 1 });
    expect(template.BlockDeviceMappings).toEqual([
      expect.objectContaining({ Ebs: expect.objectContaining({ Encrypted: true, KmsKeyId: cellKey }) as unknown }),
    ]);
    expect(ofType("AWS::RDS::DBCluster")[0]).toMatchObject({
      StorageEncrypted: true,
      KmsKeyId: cellKey,
      EnableIAMDatabaseAuthentication: true,
      DeletionProtection: true,
    });
    expect(ofType("AWS::RDS::DBClusterParameterGroup")[0].Parameters).toEqual({ "rds.force_ssl": "1" });
    expect(ofType("AWS::ElastiCache::ReplicationGroup")[0]).toMatchObject({
      AtRestEncryptionEnabled: true,
      KmsKeyId: cellKey,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: "required",
    });
    const stores = ["AWS::SQS::Queue", "AWS::Logs::LogGroup", "AWS::SNS::Topic", "AWS::SecretsManager::Secret"];
    for (const type of stores) {
      for (const properties of ofType(type)) {
        expect(properties.KmsMasterKeyId ?? properties.KmsKeyId, type).toEqual(cellKey);
      }
    }
  });
});

type Props = Record<string, unknown>;
