import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { nodeRegistry } from "../nodes/registry";
import { selectRunExamples } from "../runs/runExamples";
import { profileDonors } from "../runs/profileSource";
import { prepareRun } from "../runs/runItemExecution";
import { finishRun, finishRunningRun } from "../runs/runService";
import type { RunStatus } from "../runs/runConfig";
import { redactUrl } from "../urlCredentials";
import {
  openRedis,
  runItemJobId,
  runQueueNames,
  type RunControlMessage,
  type RunItemJobData,
  type RunQueueLocation,
  type RunQueueMessage,
  type RunQueueNames,
} from "./redisRunQueueKeys";

export { createRunWorker, type RunWorker } from "./runItemWorker";

/**
 * Item jobs are removed once finished, so that the same job id can be added again when a run is
 * resumed. A job fails only when the infrastructure does (database, Redis): endpoint errors are item
 * failures written to the run, not job failures. Such a job is retried twice, then dropped with a
 * log line on the worker; the run stays running with the item pending until it is resumed.
 */
export const RUN_ITEM_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: true,
  removeOnFail: true,
};

const ADD_CHUNK = 500;
/** How long enqueue and cancel wait for Redis before failing (a down Redis otherwise blocks forever). */
const REDIS_ANSWER_MS = 5_000;

function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type EnqueueResult = { runId: string; total: number; alreadyDone: number; enqueued: number; status: RunStatus };
export type CancelResult = { removedJobs: number };

/**
 * The studio's (or the CLI's) side of the distributed queue: adds a run's items as jobs, cancels
 * runs, and publishes run-level events. Workers (runItemWorker.ts) execute the jobs.
 *
 * Protocol, per run:
 * - enqueue: the run goes to "running"; the ids of its examples without a finished item go into a
 *   Redis set (the run's pending set, replaced as a whole) and become one job each, job id
 *   `${runId}~${exampleRowId}`: adding a job whose id is waiting or active is a no-op, so enqueueing
 *   again (resume, or a second click) never duplicates work. Finished items are skipped; failed
 *   ones are enqueued again.
 * - a worker executes a job with executeRunItem (idempotent: a redelivered job whose item is done
 *   writes nothing), removes the example from the pending set, and whoever empties the set, with the
 *   database agreeing that done + failed == total, finishes the run with a conditional update from
 *   "running", so it ends exactly once.
 * - cancel: the run goes to "cancelled" (conditional too), its waiting jobs are removed, workers
 *   abort its items in flight (nothing written: they run again on resume).
 * The pending set rather than the run's counters decides the end because a resumed run's failed
 * items still count as failed while they are retried.
 */
export class BullmqRunQueue {
  readonly names: RunQueueNames;
  private readonly connection: Redis;
  private readonly queue: Queue<RunItemJobData>;

  constructor(readonly location: RunQueueLocation) {
    this.names = runQueueNames(location);
    this.connection = openRedis(location.redisUrl);
    this.queue = new Queue<RunItemJobData>(this.names.queueName, { connection: this.connection, prefix: this.names.prefix });
  }

  /** The BullMQ queue itself (counts, tests). */
  get bullQueue(): Queue<RunItemJobData> {
    return this.queue;
  }

  /** Fails with a clear message when Redis does not answer (commands would otherwise wait for it forever). */
  async ping(timeoutMs = REDIS_ANSWER_MS): Promise<void> {
    await within(this.connection.ping(), timeoutMs, `Redis at ${redactUrl(this.location.redisUrl)} did not answer within ${timeoutMs / 1000} s.`);
  }

  async publish(message: RunQueueMessage): Promise<void> {
    await this.connection.publish(this.names.eventsChannel, JSON.stringify(message));
  }

  async enqueue(db: Db, runId: string, registry: NodeRegistry = nodeRegistry): Promise<EnqueueResult> {
    await this.ping();
    // Validates the graph and the config here, so a run that cannot execute fails now, not on every worker.
    const prepared = await prepareRun(db, runId, registry);
    if (prepared.status === "completed" && prepared.failedItems === 0) throw new UserInputError(`Run ${runId} is already complete.`);
    const examples = await selectRunExamples(db, prepared.datasetId, prepared.config);
    const done = new Set(
      (await db.runItem.findMany({ where: { runId, status: "done" }, select: { exampleRowId: true } })).map((i) => i.exampleRowId),
    );
    const pending = examples.filter((e) => !done.has(e.id));
    const base = { runId, total: examples.length, alreadyDone: examples.length - pending.length };

    // Running before the first job exists: workers skip the jobs of runs that are not running.
    await db.run.update({
      where: { id: runId },
      data: { status: "running", error: null, startedAt: prepared.startedAt ?? new Date(), finishedAt: null, heartbeatAt: new Date() },
    });
    const key = this.names.pendingKey(runId);
    const multi = this.connection.multi().del(key);
    for (let i = 0; i < pending.length; i += ADD_CHUNK) multi.sadd(key, ...pending.slice(i, i + ADD_CHUNK).map((e) => e.id));
    await multi.exec();
    await this.publish({ type: "run-started", ...base });

    if (pending.length === 0) {
      // Nothing left to execute (e.g. every item was finished before a crash): finish it here.
      const status = (await finishRunningRun(db, runId)) ?? "running";
      await this.connection.del(key);
      await this.publish({ type: "run-finished", runId, status });
      return { ...base, enqueued: 0, status };
    }
    // Donors are assigned over every example of the run, as a local run does (profileSource.ts).
    const donors = prepared.config.profileSource === "other" ? await profileDonors(db, examples, prepared.config.seed) : null;
    for (let i = 0; i < pending.length; i += ADD_CHUNK) {
      await this.queue.addBulk(
        pending.slice(i, i + ADD_CHUNK).map((e) => ({
          name: "run-item",
          data: { runId, exampleRowId: e.id, ...(donors ? { profileFromRowId: donors.get(e.id)! } : {}) },
          opts: { ...RUN_ITEM_JOB_OPTIONS, jobId: runItemJobId(runId, e.id) },
        })),
      );
    }
    return { ...base, enqueued: pending.length, status: "running" };
  }

  /**
   * Cancels a queued or running run: null when it was neither. Waiting jobs are removed; items in
   * flight are aborted on their workers (or, if they finish first, kept and summarized).
   */
  async cancel(db: Db, runId: string): Promise<CancelResult | null> {
    await this.ping();
    const { count } = await db.run.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (count === 0) return null;
    // From here on workers skip the run's jobs; remove the waiting ones, then abort those in flight
    // (in this order, so a worker freed by the abort finds no job of the run left to take).
    const key = this.names.pendingKey(runId);
    const pending = await this.connection.smembers(key);
    let removedJobs = 0;
    for (let i = 0; i < pending.length; i += ADD_CHUNK) {
      const removed = await Promise.all(pending.slice(i, i + ADD_CHUNK).map((exampleRowId) => this.removeIfWaiting(runItemJobId(runId, exampleRowId))));
      removedJobs += removed.filter(Boolean).length;
    }
    const control: RunControlMessage = { type: "cancel", runId };
    await this.connection.publish(this.names.controlChannel, JSON.stringify(control));
    await this.connection.del(key);
    const status = await finishRun(db, runId, true);
    await this.publish({ type: "run-finished", runId, status });
    return { removedJobs };
  }

  /** Removes a job that no worker holds; an active job is left to its worker (which sees the run cancelled). */
  private async removeIfWaiting(jobId: string): Promise<boolean> {
    const state = await this.queue.getJobState(jobId);
    if (state !== "waiting" && state !== "delayed" && state !== "prioritized") return false;
    return (await this.queue.remove(jobId)) === 1;
  }

  async close(): Promise<void> {
    try {
      await within(this.queue.close(), REDIS_ANSWER_MS, "closing the queue timed out");
    } finally {
      this.connection.disconnect();
    }
  }
}
