/**
 * CellQueue: one SQS queue of a cell and its dead-letter queue, both encrypted with the cell key, reachable only
 * over TLS, with predictable names (`<cell-id>-<name>`) so producers and runbooks can find them. Only the source
 * queue may redrive into the dead-letter queue.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  MAX_QUEUE_NAME_LENGTH,
  MAX_RECEIVE_COUNT,
  MESSAGE_RETENTION_SECONDS,
  physicalQueueNames,
  QUEUE_NAME,
  VISIBILITY_TIMEOUT_SECONDS,
} from "../../fleet/limits";
import type { EncryptedCellArgs } from "../lib/cell-args";
import { policyDocument, type PolicyStatement } from "../lib/iam";
import { cellTags } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import {
  encryptedCellRules,
  integerInRange,
  matches,
  validateArgs,
  withDefaults,
  type ArgRule,
} from "../lib/validation";

export { physicalQueueNames };

const COMPONENT = "CellQueue";
/** SQS's longest retention, so a message outlives its original retention when it lands in the dead-letter queue. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;
/** How long SQS may reuse a data key before calling KMS again: AWS's default, a balance of KMS cost and exposure. */
const KMS_DATA_KEY_REUSE_SECONDS = 300;
/** Long polling waits 0–20 seconds in `ReceiveMessage`. */
const RECEIVE_WAIT_SECONDS = { min: 0, max: 20 };

export interface CellQueueArgs extends EncryptedCellArgs {
  /**
   * Name of the queue within the cell: letters, digits, `-` and `_`. The physical names are `<cell-id>-<name>` and
   * `<cell-id>-<name>-dlq` (plus `.fifo`), at most 80 characters.
   */
  name: string;
  /** A FIFO queue (exactly-once, ordered); its dead-letter queue is FIFO too. Default false. */
  fifo?: boolean;
  /** FIFO only: deduplicate by a SHA-256 of the body instead of a caller-supplied deduplication id. Default false. */
  contentBasedDeduplication?: boolean;
  /** Seconds a received message stays invisible to other consumers, 0–43200. Default 30. */
  visibilityTimeoutSeconds?: number;
  /** Seconds SQS keeps an unconsumed message, 60–1209600. Default 345600 (4 days). Dead letters are kept 14 days. */
  retentionSeconds?: number;
  /** Receives after which a message moves to the dead-letter queue, 1–1000. Default 5. */
  maxReceiveCount?: number;
  /** Long-polling wait of `ReceiveMessage`, 0–20 seconds; long polling cuts empty receives. Default 20. */
  receiveWaitTimeSeconds?: number;
}

const QUEUE_DEFAULTS = {
  fifo: false,
  contentBasedDeduplication: false,
  visibilityTimeoutSeconds: 30,
  retentionSeconds: 345_600,
  maxReceiveCount: 5,
  receiveWaitTimeSeconds: 20,
} as const satisfies Partial<CellQueueArgs>;

/** What the queue hands to the rest of the cell. */
export interface CellQueueOutputs {
  /** The queue's name within the cell, as given in `args.name` (e.g. `orders`). */
  logicalName: string;
  queueArn: pulumi.Output<string>;
  queueUrl: pulumi.Output<string>;
  queueName: pulumi.Output<string>;
  deadLetterQueueArn: pulumi.Output<string>;
  deadLetterQueueUrl: pulumi.Output<string>;
  deadLetterQueueName: pulumi.Output<string>;
}

export class CellQueue extends pulumi.ComponentResource {
  readonly queue: aws.sqs.Queue;
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly queuePolicy: aws.sqs.QueuePolicy;
  readonly deadLetterQueuePolicy: aws.sqs.QueuePolicy;
  readonly redriveAllowPolicy: aws.sqs.RedriveAllowPolicy;
  readonly outputs: CellQueueOutputs;

  constructor(name: string, args: CellQueueArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, queueRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const settings = withDefaults(args, QUEUE_DEFAULTS);
    const names = physicalQueueNames(settings.cell.id, settings.name, settings.fifo);
    const tags = cellTags(settings.cell, { "cellplane:queue": settings.name });
    const encryption = { kmsMasterKeyId: settings.keyArn, kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS };
    const ordering = settings.fifo
      ? { fifoQueue: true, contentBasedDeduplication: settings.contentBasedDeduplication }
      : {};

    this.deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        name: names.deadLetterQueue,
        ...ordering,
        ...encryption,
        messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        tags: { ...tags, "cellplane:queue-role": "dead-letter" },
      },
      { parent: this },
    );
    this.queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        name: names.queue,
        ...ordering,
        ...encryption,
        visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
        messageRetentionSeconds: settings.retentionSeconds,
        receiveWaitTimeSeconds: settings.receiveWaitTimeSeconds,
        redrivePolicy: pulumi.jsonStringify({
          deadLetterTargetArn: this.deadLetterQueue.arn,
          maxReceiveCount: settings.maxReceiveCount,
        }),
        tags: { ...tags, "cellplane:queue-role": "source" },
      },
      { parent: this },
    );
    this.redriveAllowPolicy = new aws.sqs.RedriveAllowPolicy(
      `${name}-dlq-redrive-allow`,
      {
        queueUrl: this.deadLetterQueue.url,
        redriveAllowPolicy: pulumi.jsonStringify({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
      },
      { parent: this },
    );
    this.queuePolicy = tlsOnlyQueuePolicy(`${name}-queue-policy`, this.queue, this);
    this.deadLetterQueuePolicy = tlsOnlyQueuePolicy(`${name}-dlq-policy`, this.deadLetterQueue, this);

    this.outputs = {
      logicalName: settings.name,
      queueArn: this.queue.arn,
      queueUrl: this.queue.url,
      queueName: this.queue.name,
      deadLetterQueueArn: this.deadLetterQueue.arn,
      deadLetterQueueUrl: this.deadLetterQueue.url,
      deadLetterQueueName: this.deadLetterQueue.name,
    };
    this.registerOutputs(this.outputs);
  }
}

/** A queue policy that refuses every request made without TLS, whoever makes it. */
function tlsOnlyQueuePolicy(policyName: string, queue: aws.sqs.Queue, parent: pulumi.Resource): aws.sqs.QueuePolicy {
  const denyInsecureTransport: PolicyStatement = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "sqs:*",
    Resource: queue.arn,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
  return new aws.sqs.QueuePolicy(
    policyName,
    { queueUrl: queue.url, policy: policyDocument([denyInsecureTransport]) },
    { parent },
  );
}

function queueRules(args: CellQueueArgs): ArgRule[] {
  const settings = withDefaults(args, QUEUE_DEFAULTS);
  const queueName = String(settings.name);
  const longest = physicalQueueNames(settings.cell?.id ?? "", queueName, settings.fifo).deadLetterQueue;
  return [
    ...encryptedCellRules(args),
    matches("name", queueName, QUEUE_NAME),
    {
      ok: longest.length <= MAX_QUEUE_NAME_LENGTH,
      problem:
        `name "${queueName}" makes the dead-letter queue name "${longest}" ${longest.length} characters long; ` +
        `SQS allows ${MAX_QUEUE_NAME_LENGTH}, so shorten the name`,
    },
    {
      ok: !settings.contentBasedDeduplication || settings.fifo,
      problem: "contentBasedDeduplication applies to FIFO queues only: set fifo: true or drop it",
    },
    integerInRange("visibilityTimeoutSeconds", settings.visibilityTimeoutSeconds, VISIBILITY_TIMEOUT_SECONDS),
    integerInRange("retentionSeconds", settings.retentionSeconds, MESSAGE_RETENTION_SECONDS),
    integerInRange("maxReceiveCount", settings.maxReceiveCount, MAX_RECEIVE_COUNT),
    integerInRange("receiveWaitTimeSeconds", settings.receiveWaitTimeSeconds, RECEIVE_WAIT_SECONDS),
  ];
}
