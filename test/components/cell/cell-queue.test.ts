import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { CellQueue, physicalQueueNames, type CellQueueArgs } from "../../../components/cell/cell-queue";
import { jsonInput } from "../../support/synth";
import {
  arrayAt,
  CELL,
  expectArgsError,
  expectCellTagsEverywhere,
  expectChildren,
  KEY_ARN,
  objectAt,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
} from "../helpers";

const NAME = "use1-a-orders";
const QUEUE = "aws:sqs/queue:Queue";
const ROLES = ["queue", "dlq", "dlq-redrive-allow", "queue-policy", "dlq-policy"];

function queueArgs(overrides: Partial<CellQueueArgs> = {}): CellQueueArgs {
  return { cell: CELL, keyArn: KEY_ARN, name: "orders", ...overrides };
}

function synthesizeQueue(overrides: Partial<CellQueueArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const queue = new CellQueue(NAME, queueArgs(overrides), { providers: { aws: provider } });
    return queue.outputs;
  });
}

describe("CellQueue", () => {
  let stack: RecordedStack;
  beforeAll(async () => {
    stack = await synthesizeQueue();
  });

  it("creates the queue, dead-letter queue and their policies as children named <name>-<role>", () => {
    expectChildren(stack, NAME, ROLES);
    expect(stack.named(NAME).type).toBe("cellplane:cell:CellQueue");
  });

  it("gives both queues predictable physical names", () => {
    expect(stack.named(`${NAME}-queue`).inputs.name).toBe("use1-a-orders");
    expect(stack.named(`${NAME}-dlq`).inputs.name).toBe("use1-a-orders-dlq");
    expect(stack.named(`${NAME}-queue`).inputs.fifoQueue).toBeUndefined();
  });

  it("encrypts both queues with the cell key, not SQS-managed keys", () => {
    for (const queue of stack.ofType(QUEUE)) {
      expect(queue.inputs).toMatchObject({ kmsMasterKeyId: KEY_ARN, kmsDataKeyReusePeriodSeconds: 300 });
      expect(queue.inputs.sqsManagedSseEnabled).not.toBe(true);
    }
  });

  it("applies the defaults: 30 s visibility, 4 days retention, long polling; dead letters kept 14 days", () => {
    expect(stack.named(`${NAME}-queue`).inputs).toMatchObject({
      visibilityTimeoutSeconds: 30,
      messageRetentionSeconds: 345_600,
      receiveWaitTimeSeconds: 20,
    });
    expect(stack.named(`${NAME}-dlq`).inputs.messageRetentionSeconds).toBe(1_209_600);
  });

  it("redrives to the dead-letter queue after maxReceiveCount receives", () => {
    const deadLetter = stack.named(`${NAME}-dlq`);
    const queue = stack.named(`${NAME}-queue`);
    expect(jsonInput(queue.inputs.redrivePolicy)).toEqual({
      deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:use1-a-orders-dlq",
      maxReceiveCount: 5,
    });
    expect(queue.dependencies).toContain(deadLetter.urn);
  });

  it("lets only the source queue redrive into the dead-letter queue", () => {
    const allow = stack.one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy");
    expect(allow.inputs.queueUrl).toBe("https://sqs.us-east-1.amazonaws.com/123456789012/use1-a-orders-dlq");
    expect(jsonInput(allow.inputs.redriveAllowPolicy)).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: ["arn:aws:sqs:us-east-1:123456789012:use1-a-orders"],
    });
  });

  it("denies every request without TLS on each queue, and allows nothing", () => {
    const expectations = [
      { policy: `${NAME}-queue-policy`, queue: "use1-a-orders" },
      { policy: `${NAME}-dlq-policy`, queue: "use1-a-orders-dlq" },
    ];
    for (const { policy, queue } of expectations) {
      const resource = stack.named(policy);
      expect(resource.inputs.queueUrl).toBe(`https://sqs.us-east-1.amazonaws.com/123456789012/${queue}`);
      const document = jsonInput(resource.inputs.policy);
      expect(document.Version).toBe("2012-10-17");
      expect(arrayAt(document.Statement)).toEqual([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: `arn:aws:sqs:us-east-1:123456789012:${queue}`,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
    }
  });

  it("tags every taggable resource with the cell tags and the queue's role", () => {
    expectCellTagsEverywhere(stack);
    expect(objectAt(stack.named(`${NAME}-queue`).inputs.tags)).toMatchObject({
      "cellplane:queue": "orders",
      "cellplane:queue-role": "source",
    });
    expect(objectAt(stack.named(`${NAME}-dlq`).inputs.tags)).toMatchObject({
      "cellplane:queue": "orders",
      "cellplane:queue-role": "dead-letter",
    });
  });

  it("exposes names, ARNs and the URL", () => {
    expect(stack.plan.outputs).toEqual({
      logicalName: "orders",
      queueArn: "arn:aws:sqs:us-east-1:123456789012:use1-a-orders",
      queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/use1-a-orders",
      queueName: "use1-a-orders",
      deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:use1-a-orders-dlq",
      deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/use1-a-orders-dlq",
      deadLetterQueueName: "use1-a-orders-dlq",
    });
  });

  it("makes a FIFO queue and a FIFO dead-letter queue with the .fifo suffix", async () => {
    const fifo = await synthesizeQueue({
      name: "ledger",
      fifo: true,
      contentBasedDeduplication: true,
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 3,
      retentionSeconds: 86_400,
    });
    expect(fifo.named(`${NAME}-queue`).inputs).toMatchObject({
      name: "use1-a-ledger.fifo",
      fifoQueue: true,
      contentBasedDeduplication: true,
      visibilityTimeoutSeconds: 120,
      messageRetentionSeconds: 86_400,
    });
    expect(fifo.named(`${NAME}-dlq`).inputs).toMatchObject({ name: "use1-a-ledger-dlq.fifo", fifoQueue: true });
    expect(jsonInput(fifo.named(`${NAME}-queue`).inputs.redrivePolicy)).toEqual({
      deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:use1-a-ledger-dlq.fifo",
      maxReceiveCount: 3,
    });
    expect(fifo.plan.outputs.queueName).toBe("use1-a-ledger.fifo");
  });

  it("accepts exactly the names whose longest physical name fits SQS's 80 characters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/), fc.boolean(), (queueName, fifo) => {
        const fits = physicalQueueNames(CELL.id, queueName, fifo).deadLetterQueue.length <= 80;
        let accepted = true;
        try {
          // An empty keyArn makes every construction fail validation, so nothing is registered outside a stack.
          new CellQueue(NAME, queueArgs({ name: queueName, fifo, keyArn: "" }));
        } catch (error) {
          accepted = !(error as Error).message.includes(`name "${queueName}"`);
        }
        return accepted === fits;
      }),
    );
  });

  describe("rejects unsafe or malformed arguments, naming the field", () => {
    const cases: [string, Partial<CellQueueArgs>, string[]][] = [
      ["bad characters", { name: "orders.v2" }, ["name"]],
      ["empty name", { name: "" }, ["name"]],
      ["name too long", { name: "x".repeat(72), fifo: true }, ["name", "80"]],
      ["dedup without FIFO", { contentBasedDeduplication: true }, ["contentBasedDeduplication"]],
      ["visibility too long", { visibilityTimeoutSeconds: 43_201 }, ["visibilityTimeoutSeconds"]],
      ["retention too short", { retentionSeconds: 59 }, ["retentionSeconds"]],
      ["retention too long", { retentionSeconds: 1_209_601 }, ["retentionSeconds"]],
      ["no redrive", { maxReceiveCount: 0 }, ["maxReceiveCount"]],
      ["too many receives", { maxReceiveCount: 1_001 }, ["maxReceiveCount"]],
      ["wait too long", { receiveWaitTimeSeconds: 21 }, ["receiveWaitTimeSeconds"]],
      ["no key", { keyArn: "" }, ["keyArn"]],
      ["missing owner", { cell: { ...CELL, owner: " " } }, ["cell.owner"]],
    ];
    it.each(cases)("%s", (_label, overrides, fields) => {
      expectArgsError(() => new CellQueue(NAME, queueArgs(overrides)), fields);
    });
  });
});

describe("CellQueue outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await synthesizeQueue(), NAME);
  });
});
