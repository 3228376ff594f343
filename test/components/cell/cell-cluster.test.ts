/**
 * An eks cell, composed by `Cell` from a definition with `compute.kind: eks`: CellCluster's AWS resources and
 * CellWorkload's Kubernetes objects, their security-relevant inputs, and how they connect (the key, the firewall's
 * NodePort, the target group bound to the node group, the Pod Identity association and the ServiceAccount).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CellCluster, CONTROL_PLANE_LOG_TYPES } from "../../../components/cell/cell-cluster";
import { CellWorkload } from "../../../components/cell/cell-workload";
import { DEFAULT_KUBERNETES_VERSION } from "../../../fleet/limits";
import type { JsonObject, PlannedResource } from "../../../tools/lib/plan-file";
import {
  ACCOUNT,
  arrayAt,
  bySid,
  dependsOn,
  expectArgsError,
  expectCellTagsEverywhere,
  expectEc2AcceptedDescriptions,
  expectRegisteredOutputs,
  expectChildren,
  KEY_ARN,
  listOf,
  objectAt,
  statementsOf,
  textOf,
  type RecordedStack,
} from "../helpers";
import { inspect, jsonInput, type SynthesizedStack } from "../../support/synth";
import { stackScopedName } from "../../../components/lib/stack-names";
import { eksCellSpec, synthesizeEksCell } from "./eks-cell";

const CELL_ID = "use1-a";
const CLUSTER = `${CELL_ID}-cluster`;
const WORKLOAD = `${CELL_ID}-workload`;
let stack: RecordedStack;
let keyArn: string;

beforeAll(async () => {
  stack = await synthesizeEksCell();
  keyArn = stack.registeredOutputs(`${CELL_ID}-key`).keyArn as string;
});

/** The component `name` and every resource below it, as a stack of its own (expectChildren checks a whole stack). */
function subtree(name: string): SynthesizedStack {
  const root = stack.named(name).urn;
  const byUrn = new Map(stack.plan.resources.map((resource) => [resource.urn, resource]));
  const under = (resource: PlannedResource): boolean =>
    resource.urn === root || (resource.parent !== undefined && under(byUrn.get(resource.parent)!));
  return inspect({ ...stack.plan, resources: stack.plan.resources.filter((resource) => under(resource)) });
}

const inputs = (name: string): JsonObject => stack.named(name).inputs;
const podSpec = (): JsonObject => objectAt(objectAt(objectAt(inputs(`${WORKLOAD}-deployment`).spec).template).spec);

describe("an eks cell's shape", () => {
  it("builds a cluster and a workload instead of CellCompute, each child named after its component", () => {
    expect(stack.plan.resources.some((resource) => resource.name.startsWith(`${CELL_ID}-compute`))).toBe(false);
    expectChildren(subtree(CLUSTER), CLUSTER);
    expectChildren(subtree(WORKLOAD), WORKLOAD, [
      "k8s",
      "namespace",
      "service-account",
      "quota",
      "limits",
      "default-deny",
      "allow",
      "deployment",
      "service",
      "autoscaler",
      "disruption-budget",
    ]);
  });

  it("describes every security group and rule with characters EC2 accepts", () => {
    expect(expectEc2AcceptedDescriptions(stack)).toBeGreaterThan(5);
  });

  it("registers exactly its typed outputs object", () => {
    expect(expectRegisteredOutputs(stack, CELL_ID)).toHaveProperty("clusterName");
  });

  it("tags every taggable AWS resource with the cell tags", () => {
    expect(expectCellTagsEverywhere(stack)).toBeGreaterThan(50);
  });

  it("exports its load balancer and health path like an asg cell, so the global router treats it alike", () => {
    const cluster = stack.registeredOutputs(CLUSTER);
    expect(stack.plan.outputs).toMatchObject({
      computeKind: "eks",
      clusterName: cluster.clusterName,
      loadBalancerDnsName: cluster.loadBalancerDnsName,
      loadBalancerZoneId: cluster.loadBalancerZoneId,
      healthCheckPath: "/health/deep",
    });
    expect(textOf(cluster.loadBalancerDnsName)).toMatch(/\.us-east-1\.elb\.amazonaws\.com$/);
  });
});

describe("CellCluster", () => {
  it("keeps the API endpoint private, in the cell's private subnets", () => {
    const vpcConfig = objectAt(inputs(`${CLUSTER}-eks`).vpcConfig);
    expect(vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    expect(vpcConfig.publicAccessCidrs).toBeUndefined();
    expect(vpcConfig.subnetIds).toEqual(stack.registeredOutputs(`${CELL_ID}-network`).privateSubnetIds);
  });

  it("opens the endpoint only to the configured CIDRs, and refuses the world", () => {
    const settings = { ...eksCellSpec().compute.eks, endpointPublicAccessCidrs: ["0.0.0.0/0"] };
    const args = {
      cell: { id: CELL_ID, region: "us-east-1", owner: "team" },
      keyArn: KEY_ARN,
      settings,
    } as unknown as ConstructorParameters<typeof CellCluster>[1];
    expectArgsError(() => new CellCluster("bad", args), ["settings.endpointPublicAccessCidrs"]);
  });

  it("envelope-encrypts secrets and keeps every control-plane log in a log group, both with the cell key", () => {
    const cluster = inputs(`${CLUSTER}-eks`);
    expect(cluster.encryptionConfig).toEqual({ resources: ["secrets"], provider: { keyArn } });
    expect(cluster.enabledClusterLogTypes).toEqual(CONTROL_PLANE_LOG_TYPES);
    expect(CONTROL_PLANE_LOG_TYPES).toContain("audit");
    expect(cluster.version).toBe(DEFAULT_KUBERNETES_VERSION);
    const logs = stack.named(`${CLUSTER}-control-plane-logs`);
    expect(logs.inputs).toMatchObject({ name: `/aws/eks/${textOf(cluster.name)}/cluster`, kmsKeyId: keyArn });
    expect(dependsOn(stack.named(`${CLUSTER}-eks`), logs)).toBe(true);
  });

  it("runs the add-ons the workload relies on: Pod Identity, network policies, the Metrics Server", () => {
    const addons = stack.ofType("aws:eks/addon:Addon");
    expect(addons.map((addon) => textOf(addon.inputs.addonName)).sort()).toEqual([
      "eks-pod-identity-agent",
      "metrics-server",
      "vpc-cni",
    ]);
    expect(jsonInput(inputs(`${CLUSTER}-vpc-cni`).configurationValues)).toEqual({ enableNetworkPolicy: "true" });
    expect(dependsOn(stack.named(`${CLUSTER}-metrics-server`), stack.named(`${CLUSTER}-nodes`))).toBe(true);
  });

  it("lets EKS use the cell key (grants for AWS resources via eks only)", () => {
    const statements = statementsOf(inputs(`${CELL_ID}-key-key`).policy);
    const grants = bySid(statements, "CellServicesCreateGrants");
    expect(listOf(grants.Condition?.StringEquals["kms:ViaService"])).toContain("eks.us-east-1.amazonaws.com");
  });

  it("authenticates with access entries only, and gives cluster admin to the platform admin role alone", () => {
    expect(inputs(`${CLUSTER}-eks`).accessConfig).toEqual({
      authenticationMode: "API",
      bootstrapClusterCreatorAdminPermissions: false,
    });
    const adminRole = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
    expect(inputs(`${CLUSTER}-admin-access`)).toMatchObject({ principalArn: adminRole, type: "STANDARD" });
    expect(inputs(`${CLUSTER}-admin-access-policy`)).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
    expect(stack.ofType("aws:eks/accessEntry:AccessEntry")).toHaveLength(1);
  });

  it("runs the nodes from a launch template: IMDSv2 only with one hop, encrypted volumes, no instance profile", () => {
    const template = inputs(`${CLUSTER}-node-template`);
    expect(template.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(template.iamInstanceProfile).toBeUndefined();
    expect(template.imageId).toBeUndefined();
    const volume = objectAt(objectAt(arrayAt(template.blockDeviceMappings)[0]).ebs);
    expect(volume).toMatchObject({ encrypted: "true", kmsKeyId: keyArn });
    const appGroup = stack.registeredOutputs(`${CELL_ID}-firewall`).appSecurityGroupId;
    expect(arrayAt(template.vpcSecurityGroupIds)).toContain(appGroup);
    const nodeGroup = inputs(`${CLUSTER}-nodes`);
    expect(textOf(objectAt(nodeGroup.launchTemplate).id)).toMatch(new RegExp(`^${CLUSTER}-node-template-`));
    expect(nodeGroup.subnetIds).toEqual(stack.registeredOutputs(`${CELL_ID}-network`).privateSubnetIds);
    expect(nodeGroup.scalingConfig).toEqual({ minSize: 3, desiredSize: 3, maxSize: 6 });
  });

  it("gives the pods a Pod Identity role for this cluster's app service account and this cell's resources", () => {
    const role = inputs(`${CLUSTER}-workload-role`);
    // The app role's name, so the cell key's policy names the pods' role as it names an asg cell's instances.
    expect(role.name).toBe(stackScopedName(`${CELL_ID}-app`, "organization/cellplane/test"));
    const keyUsers = bySid(statementsOf(inputs(`${CELL_ID}-key-key`).policy), "CellRolesUseKey");
    expect(JSON.stringify(keyUsers.Condition)).toContain(`role/${textOf(role.name)}`);
    const [trust] = statementsOf(role.assumeRolePolicy);
    expect(trust.Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
    expect(trust.Action).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(trust.Condition?.StringEquals).toMatchObject({
      "aws:RequestTag/eks-cluster-name": inputs(`${CLUSTER}-eks`).name,
      "aws:RequestTag/kubernetes-namespace": "app",
      "aws:RequestTag/kubernetes-service-account": "app",
    });
    const statements = statementsOf(inputs(`${CLUSTER}-workload-policy`).policy);
    const resources = statements.flatMap((statement) => listOf(statement.Resource as string | string[]));
    expect(resources.length).toBeGreaterThan(3);
    for (const resource of resources) {
      expect(textOf(resource)).toMatch(new RegExp(`:${ACCOUNT}:.*${CELL_ID}|cluster-[A-Z0-9]+/app$|key/`));
      expect(textOf(resource)).not.toContain("*");
    }
    const association = inputs(`${CLUSTER}-pod-identity`);
    const serviceAccount = objectAt(inputs(`${WORKLOAD}-service-account`).metadata);
    expect(association).toMatchObject({ namespace: serviceAccount.namespace, serviceAccount: serviceAccount.name });
    expect(dependsOn(stack.named(`${CLUSTER}-pod-identity`), stack.named(`${CLUSTER}-pod-identity-agent`))).toBe(true);
  });

  it("sends the edge's traffic to the node group's NodePort through the same load balancer as an asg cell", () => {
    const nodePort = eksCellSpec().compute.eks.nodePort;
    expect(inputs(`${CLUSTER}-tg`)).toMatchObject({ port: nodePort, targetType: "instance" });
    expect(objectAt(inputs(`${CLUSTER}-tg`).healthCheck)).toMatchObject({ path: "/health/deep", matcher: "200" });
    expect(inputs(`${CLUSTER}-https`)).toMatchObject({ port: 443, protocol: "HTTPS" });
    expect(inputs(`${CELL_ID}-firewall-app-in-lb`)).toMatchObject({ fromPort: nodePort, toPort: nodePort });
    const attachment = inputs(`${CLUSTER}-nodes-in-target-group`);
    expect(textOf(attachment.lbTargetGroupArn)).toMatch(/:targetgroup\/use1-a-cluster-tg/);
    expect(textOf(attachment.autoscalingGroupName)).toMatch(/^eks-/);
    expect(attachment.autoscalingGroupName).toBe(stack.registeredOutputs(CLUSTER).nodeAutoScalingGroupName);
    const ports = arrayAt(objectAt(inputs(`${WORKLOAD}-service`).spec).ports);
    expect(ports).toEqual([expect.objectContaining({ nodePort, targetPort: "http" })]);
  });
});

describe("CellWorkload", () => {
  it("refuses settings no cell file could hold, naming each field", () => {
    const spec = eksCellSpec();
    const build = () =>
      new CellWorkload("bad", {
        cell: { id: CELL_ID, region: "us-east-1", owner: "team" },
        cluster: { name: "c", endpoint: "https://x", certificateAuthorityData: "Y2E=", adminRoleArn: "r", ready: [] },
        namespace: "App",
        serviceAccount: "app",
        kubernetesVersion: spec.compute.eks.kubernetesVersion,
        app: { image: spec.app.image, version: spec.app.version },
        containerPort: 8080,
        nodePort: 80,
        healthCheckPath: "/health/deep",
        replicas: 10,
        maxReplicas: 5,
        targetCpuUtilization: 60,
        resources: spec.compute.eks.resources,
        vpcCidr: spec.vpcCidr,
      });
    expectArgsError(build, ["namespace", "nodePort", "replicas (10) must be at most maxReplicas (5)"]);
  });

  it("binds its provider to the cluster's endpoint and CA, with a token for the admin role, never a file", () => {
    const provider = stack.named(`${WORKLOAD}-k8s`);
    const kubeconfig = jsonInput(provider.inputs.kubeconfig);
    const cluster = stack.registeredOutputs(CLUSTER);
    expect(JSON.stringify(kubeconfig.clusters)).toContain(textOf(cluster.endpoint));
    expect(JSON.stringify(kubeconfig.clusters)).toContain(textOf(cluster.certificateAuthorityData));
    expect(JSON.stringify(kubeconfig.users)).toContain(`"--role-arn","${textOf(cluster.adminRoleArn)}"`);
    expect(JSON.stringify(provider.inputs)).not.toMatch(/\.kube|kubeconfig\.yaml/);
    expect(dependsOn(provider, stack.named(`${CLUSTER}-admin-access-policy`))).toBe(true);
  });

  it("enforces Pod Security restricted on its namespace, at the cluster's version", () => {
    expect(objectAt(inputs(`${WORKLOAD}-namespace`).metadata).labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": `v${DEFAULT_KUBERNETES_VERSION}`,
    });
  });

  it("runs the app under the restricted profile, without a service-account token", () => {
    const pod = podSpec();
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const container = objectAt(arrayAt(pod.containers)[0]);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.serviceAccountName).toBe("app");
    expect(objectAt(inputs(`${WORKLOAD}-service-account`)).automountServiceAccountToken).toBe(false);
  });

  it("runs the fleet's app image and version, probed on the deep health path, spread across zones", () => {
    const spec = eksCellSpec();
    const container = objectAt(arrayAt(podSpec().containers)[0]);
    expect(container.image).toBe(`${spec.app.image}:${spec.app.version}`);
    expect(objectAt(container.readinessProbe).httpGet).toMatchObject({ path: spec.app.healthCheckPath });
    expect(objectAt(container.livenessProbe).httpGet).toMatchObject({ path: spec.app.healthCheckPath });
    expect(arrayAt(podSpec().topologySpreadConstraints)[0]).toMatchObject({
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "DoNotSchedule",
    });
  });

  it("denies all traffic by default and allows only what the app needs", () => {
    expect(objectAt(inputs(`${WORKLOAD}-default-deny`).spec)).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    });
    const allow = objectAt(inputs(`${WORKLOAD}-allow`).spec);
    const egressPorts = arrayAt(allow.egress).flatMap((rule) => arrayAt(objectAt(rule).ports));
    expect(egressPorts.map((port) => objectAt(port).port).sort()).toEqual([443, 5432, 53, 53, 6379, 80].sort());
  });

  it("scales between replicas and maxReplicas, keeps all but one pod through disruptions, caps the namespace", () => {
    const eks = eksCellSpec().compute.eks;
    expect(objectAt(inputs(`${WORKLOAD}-autoscaler`).spec)).toMatchObject({
      minReplicas: eks.replicas,
      maxReplicas: eks.maxReplicas,
    });
    expect(objectAt(inputs(`${WORKLOAD}-disruption-budget`).spec)).toMatchObject({ maxUnavailable: 1 });
    const hard = objectAt(objectAt(inputs(`${WORKLOAD}-quota`).spec).hard);
    expect(hard).toMatchObject({ pods: textOf(eks.maxReplicas + 1), "limits.cpu": `${(eks.maxReplicas + 1) * 1000}m` });
  });
});
