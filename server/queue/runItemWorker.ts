import os from "node:os";
import { Worker, type Job } from "bullmq";
import type { Db } from "../db/client";
import type { EndpointConfig } from "../llm/types";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { createNodeServices } from "../runs/nodeServicesFactory";
import { loadEndpoints } from "../settings/endpointStore";
import type { RunExample } from "../runs/runExamples";
import {
  executeRunItem,
  finishRunningRun,
  prepareRun,
  refreshRunSummary,
  type ItemOutcome,
  type PreparedRun,
} from "../runs/runItemExecution";
import {
  openRedis,
  runQueueNames,
  type RunControlMessage,
  type RunCounts,
  type RunItemJobData,
  type RunQueueLocation,
  type RunQueueMessage,
} from "./redisRunQueueKeys";

export type RunWorkerOptions = RunQueueLocation & {
  db: Db;
  /** Items this worker executes at once. */
  concurrency: number;
  registry: NodeRegistry;
  /**
   * Model endpoints (default, read per run: those saved in the studio's database, then this
   * machine's STUDIO_LLM_* variables from `env`, as for local runs).
   */
  endpoints?: EndpointConfig[];
  env?: Record<string, string | undefined>;
  /** Shown in logs and stored on jobs (default host:pid). */
  name?: string;
  /**
   * BullMQ's job lock (ms, default 30 000): a worker that dies holding a job loses it once the lock
   * expires, and another worker's stalled-job check (every `stalledInterval` ms, default 30 000)
   * puts the job back in the queue.
   */
  lockDuration?: number;
  stalledInterval?: number;
  /** One line per item and per finished run. */
  log?(line: string): void;
};

export type RunWorker = {
  readonly name: string;
  /** Resolves once the worker is connected and listening for jobs and cancels. */
  ready(): Promise<void>;
  /** Items executing on this worker now. */
  readonly inFlight: number;
  /**
   * Stops taking jobs. By default the items in flight finish first; with `abort` they are dropped
   * (nothing written) and their jobs go back to the queue for another worker.
   */
  close(options?: { abort?: boolean }): Promise<void>;
};

export type RunItemJobResult = ItemOutcome["status"] | "skipped";

const RUN_CACHE_SIZE = 32;
const exampleSelect = { id: true, exampleId: true, position: true, input: true, profileJson: true, gold: true } as const;

class WorkerStoppedError extends Error {
  override name = "WorkerStoppedError";
}

/**
 * A BullMQ worker executing run items (see bullmqRunQueue.ts for the protocol): any number of these,
 * in any process on any machine sharing the studio's database and Redis, share a run's items.
 */
export function createRunWorker(options: RunWorkerOptions): RunWorker {
  const { db, registry } = options;
  const names = runQueueNames(options);
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  const log = options.log ?? (() => {});
  const env = options.env ?? process.env;
  const connection = openRedis(options.redisUrl);
  const subscriber = openRedis(options.redisUrl);
  connection.on("error", (err: Error) => log(`redis: ${err.message}`));
  subscriber.on("error", (err: Error) => log(`redis (subscriber): ${err.message}`));

  // A run's graph, config and services, loaded once per run on this worker. Services are per run,
  // as for local runs: the endpoints are read when the run is first seen here, so one saved on the
  // studio's Models page a moment ago is used.
  type RunContext = { prepared: PreparedRun; wiring: ReturnType<typeof createNodeServices> };
  const contexts = new Map<string, Promise<RunContext>>();
  const itemsOfRun = new Map<string, number>();
  const retiring: { runId: string; context: Promise<RunContext> }[] = [];
  const contextFor = (runId: string): Promise<RunContext> => {
    let entry = contexts.get(runId);
    if (!entry) {
      entry = (async () => {
        const prepared = await prepareRun(db, runId, registry);
        // Saved endpoints (shared through the database; a saved key needs this studio's
        // STUDIO_SECRET_KEY on this machine) over this machine's STUDIO_LLM_* ones.
        const endpoints = options.endpoints ?? (await loadEndpoints(db, env));
        const wiring = createNodeServices({ db, useCache: prepared.config.useCache, endpoints, env });
        warnOnEndpointMismatch(prepared, wiring.defaultEndpoint);
        return { prepared, wiring };
      })();
      entry.catch(() => contexts.delete(runId));
      contexts.set(runId, entry);
      if (contexts.size > RUN_CACHE_SIZE) retire(contexts.keys().next().value!);
    }
    return entry;
  };
  /** Forgets a run (finished, cancelled, or the oldest seen); its services go once its items here end. */
  const retire = (runId: string) => {
    const context = contexts.get(runId);
    if (!context) return;
    contexts.delete(runId);
    retiring.push({ runId, context });
    disposeRetired(runId);
  };
  const disposeRetired = (runId: string) => {
    if ((itemsOfRun.get(runId) ?? 0) > 0) return;
    for (let i = retiring.length - 1; i >= 0; i--) {
      if (retiring[i].runId !== runId) continue;
      const [{ context }] = retiring.splice(i, 1);
      void context.then((c) => c.wiring.dispose()).catch(() => {});
    }
  };
  const warnOnEndpointMismatch = (p: PreparedRun, here: EndpointConfig | null) => {
    const wanted = p.config.endpoint;
    if (wanted && here && (wanted.model !== here.model || (wanted.baseUrl ?? null) !== (here.baseUrl ?? null))) {
      log(`warning: run ${p.runId} was created for model ${wanted.model} at ${wanted.baseUrl ?? wanted.provider}; this worker calls ${here.model} at ${here.baseUrl ?? here.provider}`);
    }
  };

  const inFlight = new Map<string, { runId: string; controller: AbortController }>();

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

  /** The item is written: it leaves the run's pending set. Returns how many are left. */
  const markWritten = async (runId: string, exampleId: string): Promise<number> => {
    const key = names.pendingKey(runId);
    const reply = await connection.multi().srem(key, exampleId).scard(key).exec();
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
    retire(runId);
    await publish({ type: "run-finished", runId, status });
    log(`run ${runId} ${status}: ${counts.done} done, ${counts.failed} failed of ${counts.total}`);
  };

  /** Counts the run's jobs on this worker, so a retired run's services outlive its last item here. */
  const processJob = async (job: Job<RunItemJobData>, _token?: string, jobSignal?: AbortSignal): Promise<RunItemJobResult> => {
    const { runId } = job.data;
    itemsOfRun.set(runId, (itemsOfRun.get(runId) ?? 0) + 1);
    try {
      return await processItem(job, jobSignal);
    } finally {
      const left = (itemsOfRun.get(runId) ?? 1) - 1;
      if (left > 0) itemsOfRun.set(runId, left);
      else itemsOfRun.delete(runId);
      disposeRetired(runId);
    }
  };

  const processItem = async (job: Job<RunItemJobData>, jobSignal?: AbortSignal): Promise<RunItemJobResult> => {
    const { runId, exampleId } = job.data;
    const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (run?.status !== "running") {
      log(`run ${runId} example ${exampleId}: skipped (run ${run ? run.status : "deleted"})`);
      return "skipped";
    }
    const { prepared: p, wiring } = await contextFor(runId);
    const example: RunExample | null = await db.example.findUnique({ where: { id: exampleId }, select: exampleSelect });
    if (!example) {
      log(`run ${runId} example ${exampleId}: skipped (example no longer in the database)`);
      return "skipped";
    }

    const label = `run ${runId} example ${example.exampleId}`;
    // A redelivered job whose item was written (its worker died before completing the job): no
    // second model call. (executeRunItem would also write nothing, but only after executing.)
    const existing = await db.runItem.findUnique({ where: { runId_exampleId: { runId, exampleId } }, select: { status: true } });
    if (existing?.status === "done") {
      log(`${label}: already done`);
      const left = await markWritten(runId, exampleId);
      await finishIfLast(runId, left, await readCounts(runId));
      return "already-done";
    }

    const controller = new AbortController();
    const onJobAbort = () => controller.abort();
    jobSignal?.addEventListener("abort", onJobAbort, { once: true });
    inFlight.set(job.id!, { runId, controller });
    const t0 = performance.now();
    await publish({ type: "item-started", runId, exampleId: example.exampleId, worker: name });
    let outcome: ItemOutcome;
    try {
      outcome = await executeRunItem(db, p, example, { services: wiring.services, signal: controller.signal });
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
      throw new WorkerStoppedError(`worker ${name} stopped before ${label} finished`);
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

  const worker = new Worker<RunItemJobData, RunItemJobResult>(names.queueName, processJob, {
    connection,
    prefix: names.prefix,
    concurrency: options.concurrency,
    name,
    // BullMQ takes an explicit undefined as a value, not as "use the default".
    ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
  });
  worker.on("error", (err) => log(`worker error: ${err.message}`));
  worker.on("failed", (job, err) => {
    if (err instanceof WorkerStoppedError || !job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts;
    log(
      `run ${job.data.runId} example ${job.data.exampleId}: job error (attempt ${job.attemptsMade} of ${attempts}): ${err.message}` +
        (final ? " - giving up; the item stays pending until the run is resumed" : ""),
    );
  });

  subscriber.on("message", (_channel: string, raw: string) => {
    let message: RunControlMessage;
    try {
      message = JSON.parse(raw) as RunControlMessage;
    } catch {
      return;
    }
    if (message.type !== "cancel") return;
    retire(message.runId);
    for (const item of inFlight.values()) if (item.runId === message.runId) item.controller.abort();
  });
  const subscribed = subscriber.subscribe(names.controlChannel);

  let closing: Promise<void> | null = null;
  return {
    name,
    async ready() {
      await Promise.all([worker.waitUntilReady(), subscribed]);
    },
    get inFlight() {
      return inFlight.size;
    },
    close(closeOptions = {}) {
      if (closeOptions.abort) for (const item of inFlight.values()) item.controller.abort();
      closing ??= (async () => {
        await worker.close();
        await subscriber.quit().catch(() => {});
        await connection.quit().catch(() => {});
        const all = [...contexts.values(), ...retiring.map((r) => r.context)];
        contexts.clear();
        retiring.length = 0;
        await Promise.all(all.map((c) => c.then((x) => x.wiring.dispose()).catch(() => {})));
      })();
      return closing;
    },
  };
}
