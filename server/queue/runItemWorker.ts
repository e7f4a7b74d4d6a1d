import os from "node:os";
import { Worker, type Job } from "bullmq";
import type { Db } from "../db/client";
import type { EndpointConfig } from "../llm/types";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { loadAvailableEndpoints } from "../runs/availableEndpoints";
import { embeddingsEndpointsOf } from "../runs/endpointPins";
import { tryParseJsonAs } from "../safeJson";
import { openRedis, runControlMessageSchema, runQueueNames, type RunItemJobData, type RunQueueLocation } from "./redisRunQueueKeys";
import { createRunItemJobHandler, WorkerStoppedError, type RunItemJobResult } from "./runItemJob";
import { WorkerRunContexts } from "./workerRunContexts";
import { RunItemWriter } from "../runs/itemStore/runItemWriter";

export type RunWorkerOptions = RunQueueLocation & {
  db: Db;
  /** Items this worker executes at once. */
  concurrency: number;
  registry: NodeRegistry;
  /**
   * The endpoints this worker may call (default, read per run: those saved in the studio's
   * database, then this machine's STUDIO_LLM_* variables from `env`). A run executes only on the
   * endpoints it pinned: an item whose pinned endpoint differs here fails with the difference.
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

  const available = async () =>
    options.endpoints ? { models: options.endpoints, embeddings: embeddingsEndpointsOf(options.endpoints, env) } : loadAvailableEndpoints(db, env);
  const contexts = new WorkerRunContexts(db, registry, available);
  const inFlight = new Map<string, { runId: string; controller: AbortController }>();
  const writer = new RunItemWriter(db);
  const processJob = createRunItemJobHandler({ db, connection, names, workerName: name, contexts, writer, inFlight, log });

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
      `run ${job.data.runId} example row ${job.data.exampleRowId}: job error (attempt ${job.attemptsMade} of ${attempts}): ${err.message}` +
        (final ? " - giving up; the item stays pending until the run is resumed" : ""),
    );
  });

  subscriber.on("message", (_channel: string, raw: string) => {
    const message = tryParseJsonAs(raw, runControlMessageSchema, `control message on ${names.controlChannel}`);
    if (!message.ok) {
      log(`dropped ${message.error.message}`);
      return;
    }
    const { runId } = message.value;
    contexts.retire(runId);
    for (const item of inFlight.values()) if (item.runId === runId) item.controller.abort();
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
        await contexts.disposeAll();
        await writer.close();
      })();
      return closing;
    },
  };
}
