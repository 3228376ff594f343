/**
 * A running policy pack and an Analyzer gRPC client connected to it. Start it once, analyze many stacks, close:
 *
 * ```ts
 * const pack = await startPolicyPack({ packDir: "policies" });
 * const diagnostics = await pack.analyzeStack(plan.resources);
 * await pack.close();
 * ```
 */
import * as path from "node:path";
import { credentials, Metadata, status, type CallOptions, type ServiceError } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { ENV, todayIso, waiverFilePath } from "../../policies/lib/settings";
import { isoDate, readWaiverFile, waiversOfStack, type Waiver, type WaiverSet } from "../../policies/lib/waivers";
import { toConfigureRequest, type PolicyPackConfig } from "./config";
import { fromProtoDiagnostic, type PolicyDiagnostic } from "./diagnostics";
import { fromProtoAnalyzerInfo, type PolicyPackInfo } from "./info";
import { toAnalyzeRequest, toAnalyzerResources, type AnalyzerResourceInput } from "./resources";
import { spawnPolicyPack, stopPolicyPack, type PackProcess } from "./start";

export interface StartPolicyPackOptions {
  /** The pack folder, e.g. `policies`. */
  packDir: string;
  /** The date waiver expiry is judged against (default: $CELLPLANE_TODAY or today, UTC). Pinned for the pack's life. */
  today?: string | Date;
  /** Another waiver file than `<packDir>/waivers.yaml` (tests). */
  waiversFile?: string;
  /** Another fleet folder than `cells/` next to the pack (its `<cell-id>.yaml` names give the cell ids). */
  cellsDir?: string;
  /** Extra environment for the pack process. */
  env?: Readonly<Record<string, string>>;
  engineAddress?: string;
  /** Default 120 s: the runner type-checks the pack with ts-node before serving. */
  startTimeoutMs?: number;
  /** `always` type-checks the pack at every start; `once` (default) not again for sources that passed (start.ts). */
  typeCheck?: "once" | "always";
  /** Deadline of each RPC, default 300 s. */
  callTimeoutMs?: number;
}

export interface AnalyzeOptions {
  /**
   * Sent with `Configure` first: per-policy enforcement levels and properties (`--policy-pack-config` format).
   * It stays in effect for later calls until replaced; `{}` restores every policy's declared level.
   */
  config?: PolicyPackConfig;
}

export interface StackConfiguration {
  stack: string;
  project: string;
  organization?: string;
  dryRun?: boolean;
  tags?: Readonly<Record<string, string>>;
}

type Unary<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => unknown;

interface PackConnection {
  packDir: string;
  today: string;
  process: PackProcess;
  client: AnalyzerClient;
  callTimeoutMs: number;
  waiversFile: string;
}

export class PolicyPack {
  readonly packDir: string;
  /** The date the pack judges waiver expiry against. */
  readonly today: string;
  private readonly process: PackProcess;
  private readonly client: AnalyzerClient;
  private readonly callTimeoutMs: number;
  private readonly waivers: WaiverSet;
  private infoPromise?: Promise<PolicyPackInfo>;

  constructor(connection: PackConnection) {
    this.packDir = connection.packDir;
    this.today = connection.today;
    this.process = connection.process;
    this.client = connection.client;
    this.callTimeoutMs = connection.callTimeoutMs;
    this.waivers = readWaiverFile(connection.waiversFile);
  }

  get port(): number {
    return this.process.port;
  }

  /** Whether the pack started without its type-check, its exact sources having passed it before (start.ts). */
  get typeCheckReused(): boolean {
    return this.process.typeCheckReused;
  }

  /** What the pack wrote to stderr (useful when a call fails). */
  stderr(): string {
    return this.process.stderr();
  }

  getAnalyzerInfo(): Promise<PolicyPackInfo> {
    this.infoPromise ??= this.call(this.client.getAnalyzerInfo.bind(this.client), new Empty()).then(
      fromProtoAnalyzerInfo,
    );
    return this.infoPromise;
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const info = await this.call(this.client.getPluginInfo.bind(this.client), new Empty());
    return { version: info.getVersion() };
  }

  /**
   * `Handshake`, the engine's first call in newer protocol versions. Returns false when the pack does not
   * implement it (`@pulumi/policy` 1.21 does not); the engine carries on without it, and so does this client.
   */
  async handshake(engineAddress = "127.0.0.1:0"): Promise<boolean> {
    const request = new analyzerProto.AnalyzerHandshakeRequest();
    request.setEngineAddress(engineAddress);
    request.setRootDirectory(this.packDir);
    request.setProgramDirectory(this.packDir);
    try {
      await this.call(this.client.handshake.bind(this.client), request);
      return true;
    } catch (error) {
      if (isServiceError(error) && error.code === status.UNIMPLEMENTED) {
        return false;
      }
      throw error;
    }
  }

  /** Replaces the pack's policy configuration, as the engine does with `--policy-pack-config`. */
  async configure(config: PolicyPackConfig): Promise<void> {
    const info = await this.getAnalyzerInfo();
    const defaults = Object.fromEntries(info.policies.map((policy) => [policy.name, policy.enforcementLevel]));
    await this.call(this.client.configure.bind(this.client), toConfigureRequest(config, defaults));
  }

  /** `ConfigureStack`: stack identity and tags (the pack sees the tags as `args.stackTags`). */
  async configureStack(stack: StackConfiguration): Promise<void> {
    const request = new analyzerProto.AnalyzerStackConfigureRequest();
    request.setStack(stack.stack);
    request.setProject(stack.project);
    request.setOrganization(stack.organization ?? "");
    request.setDryRun(stack.dryRun ?? true);
    for (const [key, value] of Object.entries(stack.tags ?? {})) {
      request.getTagsMap().set(key, value);
    }
    await this.call(this.client.configureStack.bind(this.client), request);
  }

  /** `Analyze`: one resource's inputs, as the engine sends them before the resource's step. */
  async analyze(
    resource: AnalyzerResourceInput,
    options: AnalyzeOptions & { provider?: AnalyzerResourceInput } = {},
  ): Promise<PolicyDiagnostic[]> {
    await this.applyConfig(options.config);
    const response = await this.call(
      this.client.analyze.bind(this.client),
      toAnalyzeRequest(resource, options.provider),
    );
    return this.diagnosticsOf(response);
  }

  /** `AnalyzeStack`: every resource of a stack (a plan's resources), as the engine sends after the update. */
  async analyzeStack(
    resources: readonly AnalyzerResourceInput[],
    options: AnalyzeOptions = {},
  ): Promise<PolicyDiagnostic[]> {
    await this.applyConfig(options.config);
    const request = new analyzerProto.AnalyzeStackRequest();
    request.setResourcesList(toAnalyzerResources(resources));
    const response = await this.call(this.client.analyzeStack.bind(this.client), request);
    return this.diagnosticsOf(response);
  }

  /** The waivers the pack applies to `stack` (for the plan file, so reviewers see them). */
  waiversFor(stack: string): Waiver[] {
    return waiversOfStack(this.waivers, stack);
  }

  async close(): Promise<void> {
    this.client.close();
    await stopPolicyPack(this.process.child);
  }

  private async applyConfig(config: PolicyPackConfig | undefined): Promise<void> {
    if (config) {
      await this.configure(config);
    }
  }

  private diagnosticsOf(response: analyzerProto.AnalyzeResponse): PolicyDiagnostic[] {
    return response
      .getDiagnosticsList()
      .map((diagnostic) => fromProtoDiagnostic(diagnostic, { waivers: this.waivers, today: this.today }));
  }

  /** One unary RPC with the call deadline. `method` is a client method bound to `this.client`. */
  private call<Request, Response>(method: Unary<Request, Response>, request: Request): Promise<Response> {
    const deadline = new Date(Date.now() + this.callTimeoutMs);
    return new Promise((resolve, reject) => {
      method(request, new Metadata(), { deadline }, (error, response) => (error ? reject(error) : resolve(response)));
    });
  }
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number";
}

/** Starts the pack in `packDir` the way the Pulumi CLI does and connects an Analyzer client to it. */
export async function startPolicyPack(options: StartPolicyPackOptions): Promise<PolicyPack> {
  const today =
    options.today === undefined
      ? todayIso()
      : typeof options.today === "string"
        ? options.today
        : isoDate(options.today);
  const packEnv: Record<string, string> = { ...options.env, [ENV.today]: today };
  // Absolute: the pack runs in its own folder, where a path relative to this process would name another place.
  if (options.waiversFile) {
    packEnv[ENV.waiversFile] = path.resolve(options.waiversFile);
  }
  if (options.cellsDir) {
    packEnv[ENV.cellsDir] = path.resolve(options.cellsDir);
  }
  const env = { ...process.env, ...packEnv };
  const packProcess = await spawnPolicyPack({
    packDir: options.packDir,
    env,
    engineAddress: options.engineAddress ?? "127.0.0.1:0",
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    typeCheck: options.typeCheck,
  });
  const client = new AnalyzerClient(`127.0.0.1:${packProcess.port}`, credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  return new PolicyPack({
    packDir: options.packDir,
    today,
    process: packProcess,
    client,
    callTimeoutMs: options.callTimeoutMs ?? 300_000,
    waiversFile: waiverFilePath(options.packDir, env),
  });
}
