import type { Job } from "bullmq";
import { RunHeartbeats } from "../runs/runHeartbeat";
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { EndpointChangedError } from "../runs/endpointPins";
import type { RunExample } from "../runs/runExamples";
import type { RunCounts } from "../runs/runEvents";
import { executeRunItem } from "../runs/runItemExecution";
import { withProfileSource } from "../runs/profileSource";
import type { ItemOutcome } from "../runs/itemStore/itemWrite";
import type { RunItemWriter } from "../runs/itemStore/runItemWriter";
import { finishRunningRun, refreshRunSummary } from "../runs/runService";
import type { RunItemJobData, RunQueueMessage, RunQueueNames } from "./redisRunQueueKeys";
import type { WorkerRunContexts } from "./workerRunContexts";

export type RunItemJobResult = ItemOutcome["status"] | "skipped";

const exampleSelect = { id: true, exampleId: true, position: true, input: true, profileJson: true, gold: true } as const;

/** Thrown to hand a job back to the queue when this worker stops before its item finished. */
export class WorkerStoppedError extends Error {
  override name = "WorkerStoppedError";
}

export type RunItemJobDeps = {
  db: Db;
  connection: Redis;
  names: RunQueueNames;
  workerName: string;
  contexts: WorkerRunContexts;
  /** This worker's group-commit item writer. */
  writer: RunItemWriter;
  /** Items executing on this worker, by job id (cancel messages abort them). */
  inFlight: Map<string, { runId: string; controller: AbortController }>;
  log(line: string): void;
};

/** Executes one run-item job (see bullmqRunQueue.ts for the protocol) and finishes the run when it was the last. */
export function createRunItemJobHandler(deps: RunItemJobDeps) {
  const { db, connection, names, workerName, contexts, writer, inFlight, log } = deps;

  const publish = (message: RunQueueMessage) =>
    connection.publish(names.eventsChannel, JSON.stringify(message)).catch((err: Error) => log(`could not publish an event: ${err.message}`));

  const readCounts = async (runId: string): Promise<RunCounts & { status: string }> => {
    const run = await db.run.findUniqueOrThrow({
      where: { id: runId },
      select: { status: true, totalItems: true, doneItems: true, failedItems: true, promptTokens: true, completionTokens: true, reasoningTokens: true },
    });
    return {
      status: run.status,
      total: run.totalItems,
      done: run.doneItems,
      failed: run.failedItems,
      promptTokens: run.promptTokens,
      completionTokens: run.completionTokens,
      reasoningTokens: run.reasoningTokens,
    };
  };

  const heartbeats = new RunHeartbeats(writer);

  /** The item is written: it leaves the run's pending set. Returns how many are left. */
  const markWritten = async (runId: string, exampleRowId: string): Promise<number> => {
    const key = names.pendingKey(runId);
    const reply = await connection.multi().srem(key, exampleRowId).scard(key).exec();
    const [err, left] = reply?.[1] ?? [new Error("no reply"), null];
    if (err) throw err;
    return Number(left);
  };

  /**
   * Whoever empties the pending set finishes the run. The counters are read after leaving the set,
   * so the last one out sees every other item's write (each wrote before leaving); the update from
   * "running" makes the end happen once even if a redelivered job also sees an empty set.
   */
  const finishIfLast = async (runId: string, left: number, counts: RunCounts & { status: string }) => {
    if (counts.status === "cancelled") {
      // Finished after the cancel: keep the cancelled run's summary in step with its items.
      await refreshRunSummary(db, runId);
      return;
    }
    if (left > 0 || counts.status !== "running" || counts.done + counts.failed < counts.total) return;
    const status = await finishRunningRun(db, runId);
    if (status === null) return; // another worker finished it, or it was cancelled meanwhile
    await connection.del(names.pendingKey(runId));
    contexts.retire(runId);
    await publish({ type: "run-finished", runId, status });
    log(`run ${runId} ${status}: ${counts.done} done, ${counts.failed} failed of ${counts.total}`);
  };

  /** Executes the item, or records why it cannot run here (endpoints changed since the run was pinned). */
  const execute = async (job: RunItemJobData, example: RunExample, signal: AbortSignal): Promise<ItemOutcome> => {
    const { runId } = job;
    let context;
    try {
      context = await contexts.contextFor(runId);
    } catch (err) {
      if (!(err instanceof EndpointChangedError)) throw err;
      return writer.write({ runId, example, result: { ok: false, error: `On worker ${workerName}: ${err.message}` }, latencyMs: 0 });
    }
    const donors = job.profileFromRowId ? new Map([[example.id, job.profileFromRowId]]) : null;
    const release = heartbeats.hold(runId);
    try {
      const [shown] = await withProfileSource(db, [example], context.prepared.config.profileSource, donors);
      return await executeRunItem(context.prepared, shown!, { services: context.wiring.services, writer, signal });
    } finally {
      release();
    }
  };

  const processItem = async (job: Job<RunItemJobData>, jobSignal?: AbortSignal): Promise<RunItemJobResult> => {
    const { runId, exampleRowId } = job.data;
    const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (run?.status !== "running") {
      log(`run ${runId} example row ${exampleRowId}: skipped (run ${run ? run.status : "deleted"})`);
      return "skipped";
    }
    const example: RunExample | null = await db.example.findUnique({ where: { id: exampleRowId }, select: exampleSelect });
    if (!example) {
      log(`run ${runId} example row ${exampleRowId}: skipped (example no longer in the database)`);
      return "skipped";
    }

    const label = `run ${runId} example ${example.exampleId}`;
    // A redelivered job whose item was written (its worker died before completing the job): no
    // second model call. (The item write would also change nothing, but only after executing.)
    const existing = await db.runItem.findUnique({ where: { runId_exampleRowId: { runId, exampleRowId } }, select: { status: true } });
    if (existing?.status === "done") {
      log(`${label}: already done`);
      const left = await markWritten(runId, exampleRowId);
      await finishIfLast(runId, left, await readCounts(runId));
      return "already-done";
    }

    const controller = new AbortController();
    const onJobAbort = () => controller.abort();
    jobSignal?.addEventListener("abort", onJobAbort, { once: true });
    inFlight.set(job.id!, { runId, controller });
    const t0 = performance.now();
    await publish({ type: "item-started", runId, exampleId: example.exampleId, worker: workerName });
    let outcome: ItemOutcome;
    try {
      outcome = await execute(job.data, example, controller.signal);
    } finally {
      inFlight.delete(job.id!);
      jobSignal?.removeEventListener("abort", onJobAbort);
    }
    const ms = Math.round(performance.now() - t0);

    if (outcome.status === "aborted") {
      await publish({ type: "item-released", runId, exampleId: example.exampleId });
      const now = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
      if (now?.status !== "running") {
        log(`${label}: aborted (run ${now ? now.status : "deleted"})`);
        return "aborted";
      }
      // Stopped by this worker's shutdown: failing the attempt puts the job back for another worker.
      log(`${label}: aborted by shutdown, back to the queue`);
      throw new WorkerStoppedError(`worker ${workerName} stopped before ${label} finished`);
    }

    const left = await markWritten(runId, example.id);
    const counts = await readCounts(runId);
    if (outcome.status === "done") {
      await publish({ type: "item-finished", runId, exampleId: example.exampleId, answer: outcome.record.answer, cacheHit: outcome.record.cacheHit, counts });
      log(`${label}: done in ${ms} ms${outcome.record.cacheHit ? " (cache hit)" : ""} [${counts.done + counts.failed}/${counts.total}]`);
    } else if (outcome.status === "failed") {
      await publish({ type: "item-failed", runId, exampleId: example.exampleId, error: outcome.error, counts });
      log(`${label}: failed in ${ms} ms: ${outcome.error} [${counts.done + counts.failed}/${counts.total}]`);
    } else {
      await publish({ type: "item-released", runId, exampleId: example.exampleId });
      log(`${label}: already done by another worker`);
    }
    await finishIfLast(runId, left, counts);
    return outcome.status;
  };

  return (job: Job<RunItemJobData>, _token?: string, jobSignal?: AbortSignal): Promise<RunItemJobResult> =>
    contexts.withItem(job.data.runId, () => processItem(job, jobSignal));
}
