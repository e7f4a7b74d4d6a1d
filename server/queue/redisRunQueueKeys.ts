import { Redis } from "ioredis";
import { z } from "zod";
import type { RunCounts } from "../runs/runEvents";

/** Where a studio's distributed run items live: one Redis, one BullMQ queue (names overridable for tests). */
export type RunQueueLocation = {
  redisUrl: string;
  /** BullMQ queue name (default "run-items"). */
  queueName?: string;
  /** Prefix of every Redis key (default "studio"), BullMQ's and ours. */
  prefix?: string;
};

export const DEFAULT_RUN_QUEUE_NAME = "run-items";
export const DEFAULT_REDIS_PREFIX = "studio";

/** The payload of one job: which example of which run (database row ids). */
/** One item of a run; `profileFromRowId`: the example whose profile it is shown (profile source "other"). */
export type RunItemJobData = { runId: string; exampleRowId: string; profileFromRowId?: string };

export type RunQueueNames = {
  queueName: string;
  prefix: string;
  /** Pub/sub channel of item events, read by the studio (and `cli run --queue`) for live views. */
  eventsChannel: string;
  /** Pub/sub channel of commands to every worker (cancel a run's items in flight). */
  controlChannel: string;
  /** A set of the example ids of a run not executed yet in its current session. */
  pendingKey(runId: string): string;
};

export function runQueueNames(location: Omit<RunQueueLocation, "redisUrl">): RunQueueNames {
  const queueName = location.queueName ?? DEFAULT_RUN_QUEUE_NAME;
  const prefix = location.prefix ?? DEFAULT_REDIS_PREFIX;
  const base = `${prefix}:${queueName}`;
  return {
    queueName,
    prefix,
    eventsChannel: `${base}:run-events`,
    controlChannel: `${base}:run-control`,
    pendingKey: (runId) => `${base}:run-pending:${runId}`,
  };
}

/**
 * BullMQ refuses custom job ids with one ":" (it reserves them for repeatable jobs), so the run and
 * the example are joined by "~" (neither cuid ids nor Redis key parts use it).
 */
export function runItemJobId(runId: string, exampleRowId: string): string {
  return `${runId}~${exampleRowId}`;
}

/**
 * An ioredis client as BullMQ needs it in ESM: an instance (not options), with no per-request retry
 * limit (blocking commands wait). Whoever opens one quits it after closing the queue or worker using
 * it, or the process never exits.
 */
export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

const runCountsSchema: z.ZodType<RunCounts> = z.object({
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number(),
});

/**
 * What workers and the enqueuer publish on the events channel (read back through this schema).
 * Item outcomes carry the run's counters as stored right after the item was written, so a listener
 * needs no database.
 */
export const runQueueMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run-started"), runId: z.string(), total: z.number(), alreadyDone: z.number() }),
  z.object({ type: z.literal("item-started"), runId: z.string(), exampleId: z.string(), worker: z.string() }),
  z.object({ type: z.literal("item-finished"), runId: z.string(), exampleId: z.string(), answer: z.string(), cacheHit: z.boolean(), counts: runCountsSchema }),
  z.object({ type: z.literal("item-failed"), runId: z.string(), exampleId: z.string(), error: z.string(), counts: runCountsSchema }),
  /** An item that started and wrote nothing (aborted, or found already done): no longer in flight. */
  z.object({ type: z.literal("item-released"), runId: z.string(), exampleId: z.string() }),
  z.object({ type: z.literal("run-finished"), runId: z.string(), status: z.string() }),
]);
export type RunQueueMessage = z.infer<typeof runQueueMessageSchema>;

/** What the studio publishes on the control channel to every worker. */
export const runControlMessageSchema = z.object({ type: z.literal("cancel"), runId: z.string() });
export type RunControlMessage = z.infer<typeof runControlMessageSchema>;
