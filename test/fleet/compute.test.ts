/**
 * The cell file's `compute:` block (fleet/compute.ts): the default kind, the eks defaults, and every eks field
 * validated at load, each problem naming the file and the field.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EKS_DEFAULTS } from "../../fleet/compute";
import { DEFAULT_KUBERNETES_VERSION, EKS_KUBERNETES_VERSIONS } from "../../fleet/limits";
import { loadFleet } from "../../fleet/load";
import type { FleetProblem } from "../../fleet/problems";
import { copyReferenceFleet, REFERENCE_CELLS_DIR, type TempFleet, rejectionOf } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

function problemsWith(eks: Record<string, unknown>, kind = "eks"): FleetProblem[] {
  fleet = copyReferenceFleet();
  fleet.edit("use1-c.yaml", (cell) => (cell.compute = { kind, eks }));
  const cellsDir = fleet.cellsDir;
  return rejectionOf(() => loadFleet(cellsDir));
}

describe("compute in the reference fleet", () => {
  const cells = loadFleet(REFERENCE_CELLS_DIR).cells;

  it("defaults to asg, and runs at least two cells on eks in different regions", () => {
    expect(cells.find((cell) => cell.id === "use1-a")?.compute.kind).toBe("asg");
    const eks = cells.filter((cell) => cell.compute.kind === "eks");
    expect(eks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(eks.map((cell) => cell.region)).size).toBeGreaterThanOrEqual(2);
  });

  it("fills every eks setting from its default, with a Kubernetes version in EKS standard support", () => {
    const eks = cells.find((cell) => cell.compute.kind === "eks")!.compute.eks;
    expect(eks).toEqual({ ...EKS_DEFAULTS, kubernetesVersion: DEFAULT_KUBERNETES_VERSION });
    expect(Object.keys(EKS_KUBERNETES_VERSIONS)).toContain(eks.kubernetesVersion);
    expect(eks.endpointPublicAccessCidrs).toEqual([]);
  });
});

describe("compute.eks values the loader refuses", () => {
  it.each([
    ["kubernetesVersion", { kubernetesVersion: "1.20" }, /EKS standard support: 1\.34, 1\.35/],
    ["nodePort", { nodePort: 8080 }, /at least 30000/],
    ["endpointPublicAccessCidrs[0]", { endpointPublicAccessCidrs: ["0.0.0.0/0"] }, /never 0\.0\.0\.0\/0/],
    ["nodes.instanceTypes[0]", { nodes: { ...EKS_DEFAULTS.nodes, instanceTypes: ["m7i.large"] } }, /Graviton/],
    ["nodes", { nodes: { ...EKS_DEFAULTS.nodes, min: 4 } }, /min ≤ desired ≤ max/],
    ["replicas", { replicas: 1 }, /at least 2/],
    ["maxReplicas", { replicas: 5, maxReplicas: 4 }, /at least replicas \(5\)/],
    ["targetCpuUtilization", { targetCpuUtilization: 5 }, /at least 10/],
    [
      "resources.requests.cpu",
      { resources: { ...EKS_DEFAULTS.resources, requests: { cpu: "2", memory: "1Gi" } } },
      /at most resources\.limits\.cpu/,
    ],
    [
      "resources.limits.memory",
      { resources: { ...EKS_DEFAULTS.resources, limits: { cpu: "1", memory: "1GB" } } },
      /Ki, Mi or Gi/,
    ],
    ["containerPort", { containerPort: 80 }, /at least 1024/],
    ["adminRoleName", { adminRoleName: "arn:aws:iam::1:role/x" }, /IAM role name/],
    ["imag", { imag: "x" }, /not a known field/],
  ])("%s: names the cell file and the field", (field, eks, message) => {
    const problems = problemsWith(eks);
    const named = problems.find((problem) => problem.path === `compute.eks.${field}`);
    expect(named, JSON.stringify(problems)).toMatchObject({ file: "use1-c.yaml" });
    expect(named?.message).toMatch(message);
  });

  it("refuses an unknown compute kind, listing the kinds", () => {
    const problem = problemsWith({}, "ecs").find((entry) => entry.path === "compute.kind");
    expect(problem).toMatchObject({ file: "use1-c.yaml", value: "ecs" });
    expect(problem?.message).toMatch(/asg.*eks/);
  });
});
