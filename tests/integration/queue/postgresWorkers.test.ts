import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../../server/db/client";
import { BullmqRunQueue, createRunWorker, type RunWorker } from "../../../server/queue/bullmqRunQueue";
import { relayRunEvents, type RunEventRelay } from "../../../server/queue/runEventRelay";
import { executeRunItem, prepareRun } from "../../../server/runs/runItemExecution";
import { RunItemWriter } from "../../../server/runs/itemStore/runItemWriter";
import { loadRunExamples, selectRunExamples } from "../../../server/runs/runExamples";
import type { RunEvent } from "../../../server/runs/runEvents";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { fakeEndpoint } from "../../support/pipelineFixtures";
import { fakeModelServices } from "../../support/pipelineServices";
import { cleanupQueue, redisSkipReason, uniqueQueueLocation } from "../../support/queueFixtures";
import { createTempPostgresDatabase, hasPostgres, postgresSkipReason, type TempPostgresDatabase } from "../../support/tempPostgres";
import {
  createTestPipeline,
  createTestRun,
  exampleOfRequest,
  firstAvailableTask,
  importRunDataset,
  planAnswers,
  taskFormatReply,
  waitUntil,
  type RunDataset,
} from "../../support/runFixtures";

const TASK = firstAvailableTask(["LaMP-7", "LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-4"]);
const skipReason =
  redisSkipReason() ?? (hasPostgres ? null : postgresSkipReason) ?? (TASK ? null : "no LaMP dataset here (samples/lamp or ../shared/data/lamp-real)");
if (skipReason) console.log(`skipping the workers-on-PostgreSQL tests: ${skipReason}`);

const location = skipReason ? null! : uniqueQueueLocation("pg");
let pg: TempPostgresDatabase;
/** A second client with its own connection pool: what a worker on another machine has. */
let otherMachine: Db;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let queue: BullmqRunQueue;
let relay: RunEventRelay;
const relayed: RunEvent[] = [];
const workers: RunWorker[] = [];

beforeAll(async () => {
  if (skipReason) return;
  countTokens("warm up");
  pg = await createTempPostgresDatabase();
  otherMachine = openDatabase(pg.url);
  server = await startFakeOpenAiServer();
  dataset = await importRunDataset(pg.db, TASK!, 8);
  queue = new BullmqRunQueue(location);
  relay = relayRunEvents(location, { publish: (e) => relayed.push(e) });
  await relay.ready;
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close({ abort: true })));
});
afterAll(async () => {
  if (skipReason) return;
  await relay.close();
  await queue.close();
  await cleanupQueue(location);
  await server.close();
  await otherMachine.$disconnect();
  await pg.cleanup();
});

const requestsPerExample = () => {
  const counts = new Map<string, number>();
  for (const r of server.requests) {
    const id = exampleOfRequest(r, dataset.examples).exampleId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

describe.skipIf(skipReason)("distributed runs on PostgreSQL (the many-machines setup)", () => {
  it("two workers with their own database clients: every example once, completed once", { timeout: 90_000 }, async () => {
    server.reset();
    server.setRules([{ reply: taskFormatReply(dataset.examples, planAnswers(dataset), { chunkSize: 40, chunkDelayMs: 10 }) }]);
    const versionId = await createTestPipeline(pg.db, "rag-k4");
    const n = dataset.examples.length;
    const runId = await createTestRun(pg.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    for (const [name, db] of [["machine-a", pg.db], ["machine-b", otherMachine]] as const) {
      const worker = createRunWorker({ ...location, db, concurrency: 2, registry: nodeRegistry, endpoints: [fakeEndpoint(server.baseUrl)], env: {}, name });
      workers.push(worker);
      await worker.ready();
    }
    await queue.enqueue(pg.db, runId);
    await waitUntil(() => relayed.some((e) => e.type === "run-finished" && e.runId === runId), "the run to finish", 60_000);

    expect([...requestsPerExample().entries()].sort()).toEqual(dataset.examples.map((e) => [e.exampleId, 1]).sort());
    const items = await pg.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.exampleId, i.status, i.attempts])).toEqual(dataset.examples.map((e) => [e.exampleId, "done", 1]));
    const run = await pg.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
    expect(JSON.parse(run.summaryJson!) as RunSummary).toMatchObject({ scoredItems: n, doneItems: n });
    expect(relayed.filter((e) => e.type === "run-finished" && e.runId === runId)).toEqual([{ type: "run-finished", runId, status: "completed" }]);
  });

  it("the same example written by several processes at once: one item, counted once", { timeout: 60_000 }, async () => {
    server.reset();
    server.setRules([{ reply: taskFormatReply(dataset.examples, planAnswers(dataset)) }]);
    const versionId = await createTestPipeline(pg.db, "rag-k4");
    const runId = await createTestRun(pg.db, versionId, dataset.datasetId, { limit: 2, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    const [example] = await loadRunExamples(pg.db, await selectRunExamples(pg.db, dataset.datasetId, { limit: 2 }));
    const attempt = async (db: Db) => {
      const prepared = await prepareRun(db, runId, nodeRegistry);
      const model = fakeModelServices(db, server.baseUrl);
      const writer = new RunItemWriter(db); // a connection of its own, as each worker process has
      try {
        return await executeRunItem(prepared, example, { services: model.services, writer, signal: new AbortController().signal });
      } finally {
        await Promise.all([model.dispose(), writer.close()]);
      }
    };
    // Four redeliveries of one job racing (two per client): whatever the interleaving, one writes it.
    const outcomes = await Promise.all([attempt(pg.db), attempt(otherMachine), attempt(pg.db), attempt(otherMachine)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["already-done", "already-done", "already-done", "done"]);
    expect(await pg.db.runItem.findMany({ where: { runId }, select: { status: true, attempts: true } })).toEqual([{ status: "done", attempts: 1 }]);
    expect(await pg.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ doneItems: 1, failedItems: 0 });
  });
});
