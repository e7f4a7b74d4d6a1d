/**
 * The throughput benchmark's ONLY door into the studio's run code (the run service and its
 * executors, the BullMQ worker, the importer, the database client). Everything else in
 * bench/throughput* talks to the studio through these functions, so when the run code changes
 * shape this file is the one place to retarget.
 *
 *   const db = openStudioDb(url);
 *   const { datasetId } = await importLampDataset(db, { name, questionsPath, outputsPath });
 *   const { runId } = await createTemplateRun(db, { template: "rag-k4", datasetId, limit, concurrency, endpoint });
 *   await executeRunHere(db, runId, endpoint);                     // in this process
 *   // or: startQueueWorker(...) in N processes + executeRunOnQueue(db, runId, location, endpoint) here
 */
import { openDatabase, type Db } from "../server/db/client";
import { importDataset } from "../server/lamp/importDataset";
import { parseEndpointConfig } from "../server/llm/endpointConfig";
import { countTokens } from "../server/llm/tokenCount";
import type { EndpointConfig } from "../server/llm/types";
import { LAMP2_MOVIE_LABELS } from "../server/lamp/officialLabels";
import { nodeRegistry } from "../server/nodes/registry";
import { createPipeline, latestVersionOf } from "../server/pipelines/pipelineStore";
import { findTemplate } from "../server/pipelines/templates";
import { BullmqRunExecutor } from "../server/queue/bullmqRunExecutor";
import { createRunWorker } from "../server/queue/bullmqRunQueue";
import { embeddingsEndpointsOf } from "../server/runs/endpointPins";
import { LocalRunExecutor } from "../server/runs/localRunExecutor";
import { createRunService, type RunExecutor } from "../server/runs/runService";

export type StudioDb = Db;
export { LAMP2_MOVIE_LABELS };

/** What the benchmark says about its fake endpoint; turned into a full studio endpoint here. */
export type BenchEndpoint = {
  baseUrl: string;
  /** A model name per run, so no run ever hits another run's response cache. */
  model: string;
  /**
   * The endpoint's own limit on requests in flight (server/llm/endpointConfig.ts, default 4). Set
   * explicitly above anything a run asks for, so only the run's concurrency limits it.
   */
  maxConcurrency: number;
};

export type QueueLocation = { redisUrl: string; queueName: string; prefix: string };
export type RunOutcome = { status: string; done: number; failed: number };

export function studioEndpoint(e: BenchEndpoint): EndpointConfig {
  return parseEndpointConfig({
    name: "default",
    provider: "openai-compatible",
    baseUrl: e.baseUrl,
    model: e.model,
    maxConcurrency: e.maxConcurrency,
    // RPI (reaper) continues assistant turns; the fake endpoint speaks vLLM's continue_final_message.
    continuation: "vllm",
    maxRetries: 0,
  });
}

/** A migrated studio database on a SQLite file (file:...) or PostgreSQL (postgresql://...) URL. */
export function openStudioDb(url: string): StudioDb {
  return openDatabase(url);
}

export async function connectStudioDb(db: StudioDb): Promise<void> {
  await db.$connect();
}

export async function closeStudioDb(db: StudioDb): Promise<void> {
  await db.$disconnect();
}

/** Imports LaMP questions/outputs files through the studio's importer. */
export async function importLampDataset(
  db: StudioDb,
  input: { name: string; questionsPath: string; outputsPath: string },
): Promise<{ datasetId: string; examples: number }> {
  const r = await importDataset(db, {
    name: input.name,
    task: "LaMP-2",
    split: "dev",
    source: "import",
    questionsPath: input.questionsPath,
    outputsPath: input.outputsPath,
  });
  return { datasetId: r.datasetId, examples: r.exampleCount };
}

/**
 * Loads the o200k tokenizer's rank table (about a second, ~120 MB RSS), which a studio that has run a
 * reasoning template holds already; runs of such templates use it on every item (rag-k4 does not).
 */
export function warmUp(): void {
  countTokens("warm up");
}

async function templateVersion(db: StudioDb, template: string): Promise<string> {
  const name = `bench: ${template}`;
  const existing = await db.pipeline.findUnique({ where: { name }, select: { id: true } });
  if (existing) return (await latestVersionOf(db, existing.id)).id;
  const graph = findTemplate(template)?.graph;
  if (!graph) throw new Error(`unknown pipeline template ${template}`);
  return (await createPipeline(db, nodeRegistry, { name, graph })).versionId;
}

/** The endpoints a run may pin: only the benchmark's fake endpoint, as "default". */
function availableEndpoints(endpoint: BenchEndpoint) {
  const models = [studioEndpoint(endpoint)];
  return async () => ({ models, embeddings: embeddingsEndpointsOf(models, {}) });
}

function runService(db: StudioDb, executor: RunExecutor, endpoint: BenchEndpoint) {
  return createRunService(db, executor, { registry: nodeRegistry, availableEndpoints: availableEndpoints(endpoint) });
}

/** A run of a shipped template over the first `limit` examples, as `cli run` creates it (cache on, the default). */
export async function createTemplateRun(
  db: StudioDb,
  input: { template: string; datasetId: string; limit: number; concurrency: number; endpoint: BenchEndpoint },
): Promise<{ runId: string; total: number }> {
  // The executor is not used by create.
  return runService(db, new LocalRunExecutor(nodeRegistry), input.endpoint).create({
    pipelineVersionId: await templateVersion(db, input.template),
    datasetId: input.datasetId,
    name: `bench ${input.template} ${input.endpoint.model}`,
    config: { limit: input.limit, concurrency: input.concurrency, useCache: true },
  });
}

async function startAndWait(db: StudioDb, runId: string, executor: RunExecutor, endpoint: BenchEndpoint): Promise<RunOutcome> {
  const service = runService(db, executor, endpoint);
  const started = await service.start(runId);
  for (const warning of started.warnings) console.error(`bench: ${warning}`);
  const r = await service.waitUntilStopped(runId);
  return { status: r.status, done: r.done, failed: r.failed };
}

/** Starts a created run in this process and waits for its end, as `cli run` does. */
export async function executeRunHere(db: StudioDb, runId: string, endpoint: BenchEndpoint): Promise<RunOutcome> {
  return startAndWait(db, runId, new LocalRunExecutor(nodeRegistry), endpoint);
}

export type QueueWorkerHandle = { ready(): Promise<void>; close(): Promise<void> };

/** A BullMQ run worker (what `cli worker` starts) calling the given endpoint. */
export function startQueueWorker(
  db: StudioDb,
  input: { location: QueueLocation; concurrency: number; endpoint: BenchEndpoint; name: string },
): QueueWorkerHandle {
  const worker = createRunWorker({
    db,
    ...input.location,
    concurrency: input.concurrency,
    registry: nodeRegistry,
    endpoints: [studioEndpoint(input.endpoint)],
    env: {},
    name: input.name,
    log: (line) => {
      if (/error|failed|warning/i.test(line)) console.error(`[${input.name}] ${line}`);
    },
  });
  return { ready: () => worker.ready(), close: () => worker.close() };
}

/** Starts a created run on BullMQ workers and waits for its end, as `cli run --queue` does. */
export async function executeRunOnQueue(db: StudioDb, runId: string, location: QueueLocation, endpoint: BenchEndpoint): Promise<RunOutcome> {
  const executor = new BullmqRunExecutor(location);
  try {
    return await startAndWait(db, runId, executor, endpoint);
  } finally {
    await executor.close();
  }
}

/** How a run stands in the database (status, counters, run-level error). */
export async function runState(db: StudioDb, runId: string): Promise<{ status: string; done: number; failed: number; total: number; error: string | null }> {
  const r = await db.run.findUniqueOrThrow({
    where: { id: runId },
    select: { status: true, doneItems: true, failedItems: true, totalItems: true, error: true },
  });
  return { status: r.status, done: r.doneItems, failed: r.failedItems, total: r.totalItems, error: r.error };
}

/** The error of a run's first failed item, if any (printed when a benchmark run has failures). */
export async function firstItemError(db: StudioDb, runId: string): Promise<string | null> {
  return (await db.runItem.findFirst({ where: { runId, status: "failed" }, select: { error: true } }))?.error ?? null;
}
