/**
 * Policy throughput: analyzed resources per second through the Analyzer protocol (AnalyzeStack, the path
 * `npm run plan` takes), on cell stacks built from the resources the policy tests prove compliant plus a few
 * violations. The pack's start-up (ts-node type-checks it) is measured apart: a plan run pays it once.
 *
 *   npx tsx tools/bench/analyze.ts [stacks]
 */
import { startPolicyPack, type AnalyzerResourceInput } from "../analyzer";
import * as ok from "../../test/policies/compliant";
import { cellStack, PACK_DIR } from "../../test/policies/harness";

export interface AnalyzeBenchResult {
  resources: number;
  seconds: number;
  perSecond: number;
  /** Start-up of the pack process until it served its port, not part of `seconds`. */
  startSeconds: number;
  /** Whether the pack started without its type-check (its sources passed it before: tools/analyzer/start.ts). */
  typeCheckReused: boolean;
  stacks: number;
}

const COPIES_PER_STACK = 6;

/** One cell stack of about 150 resources: the mix a cell builds (queues, IAM, network, data, workloads). */
function benchStack(stackIndex: number): AnalyzerResourceInput[] {
  const resources = Array.from({ length: COPIES_PER_STACK }, (_, copy) => {
    const suffix = `-${stackIndex}-${copy}`;
    return [
      ok.queue({}, `use1-a-orders${suffix}`),
      ok.queue({}, `use1-a-orders-dlq${suffix}`),
      ok.topic({}, `use1-a-alarms${suffix}`),
      ok.kmsKey({}, `use1-a-key${suffix}`),
      ok.logGroup({}, `use1-a-app-logs${suffix}`),
      ok.secretResource({}, `use1-a-db-password${suffix}`),
      ok.dbCluster({}, `use1-a-db${suffix}`),
      ok.dbClusterInstance({}, `use1-a-db-1${suffix}`),
      ok.dbClusterInstance({}, `use1-a-db-2${suffix}`),
      ok.cache({}, `use1-a-cache${suffix}`),
      ok.launchTemplate({}, `use1-a-app-lt${suffix}`),
      ok.instance({}, `use1-a-worker${suffix}`),
      ok.volume({}, `use1-a-data${suffix}`),
      ok.securityGroup({}, `use1-a-alb-sg${suffix}`),
      ok.securityGroupRule({}, `use1-a-app-from-alb${suffix}`),
      ok.ingressRule({}, `use1-a-https-in${suffix}`),
      ok.role({}, `use1-a-app${suffix}`),
      ok.rolePolicy({}, `use1-a-app-inline${suffix}`),
      ok.managedPolicy({}, `use1-a-app-policy${suffix}`),
      ok.roleAttachment({}, `use1-a-app-attach${suffix}`),
      ok.httpsListener({}, `use1-a-https${suffix}`),
      ok.httpRedirectListener({}, `use1-a-http${suffix}`),
      ok.deployment({}, "kubernetes:apps/v1:Deployment", `use1-a-app${suffix}`),
      ...ok.privateBucket(`use1-a-artifacts${suffix}`),
    ];
  }).flat();
  // A realistic plan is rarely clean: one unencrypted queue and one open security group per stack.
  return cellStack(
    ...resources,
    ok.queue({ kmsMasterKeyId: undefined }, `use1-a-legacy-${stackIndex}`),
    ok.securityGroup(
      { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
      `use1-a-ssh-${stackIndex}`,
    ),
  );
}

export async function benchAnalyze(stackCount = 20): Promise<AnalyzeBenchResult> {
  const stacks = Array.from({ length: stackCount }, (_, index) => benchStack(index));
  const startedAt = process.hrtime.bigint();
  const pack = await startPolicyPack({ packDir: PACK_DIR });
  const startSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  try {
    await pack.analyzeStack(benchStack(-1)); // warm-up: JIT and the pack's lazily read settings
    const began = process.hrtime.bigint();
    for (const stack of stacks) {
      await pack.analyzeStack(stack);
    }
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const resources = stacks.reduce((sum, stack) => sum + stack.length, 0);
    const typeCheckReused = pack.typeCheckReused;
    return { resources, seconds, perSecond: resources / seconds, startSeconds, typeCheckReused, stacks: stackCount };
  } finally {
    await pack.close();
  }
}

if (require.main === module) {
  benchAnalyze(Number(process.argv[2] ?? 20)).then(
    (result) => {
      process.stdout.write(
        `policy analysis: ${result.resources} resources in ${result.stacks} stacks, ${result.seconds.toFixed(2)} s, ` +
          `${Math.round(result.perSecond)} resources/s ` +
          `(pack start-up ${result.startSeconds.toFixed(1)} s, not included)\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
