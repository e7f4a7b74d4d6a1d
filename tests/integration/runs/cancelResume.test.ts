import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { runEvents, type RunEvent } from "../../../server/runs/runEvents";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { extractAnswer } from "../../../server/nodes/answerExtraction";
import { LAMP_TASKS } from "../../../server/lamp/tasks";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { modelPipeline } from "../../support/pipelineFixtures";
import { fakeModelServices } from "../../support/pipelineServices";
import {
  createTestPipeline,
  createTestRun,
  exampleKey,
  exampleOfRequest,
  FAKE_USAGE,
  firstAvailableTask,
  importRunDataset,
  planAnswers,
  taskFormatReply,
  type RunDataset,
} from "../../support/runFixtures";
import { fakeEndpoint } from "../../support/pipelineFixtures";

const TASK = firstAvailableTask(["LaMP-7", "LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-4"]);
/** Runs cover the first examples of the dataset only (real LaMP-7 dev has 50). */
const MAX_EXAMPLES = 8;
/** A streamed generate, so a reply can be made slow (chunk delays) and a cancel lands mid-run. */
const STREAMED = modelPipeline({ kind: "generate", params: { stream: true } }, { template: "rag-chat" });

let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let planned: Map<string, string>;
let versionId: string;

beforeAll(async () => {
  countTokens("warm up"); // the fake server shares this event loop: no multi-second stall mid-run
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  if (TASK) {
    dataset = await importRunDataset(temp.db, TASK, MAX_EXAMPLES);
    planned = planAnswers(dataset);
    versionId = await createTestPipeline(temp.db, STREAMED);
  }
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});
beforeEach(() => server.reset());

const slowReply = () => taskFormatReply(dataset.examples, planned, { chunkSize: 40, chunkDelayMs: 40 });
const fastReply = () => taskFormatReply(dataset.examples, planned);
const examplesRequested = (from = 0) => server.requests.slice(from).map((r) => exampleOfRequest(r, dataset.examples).exampleId);

async function execute(runId: string, signal?: AbortSignal) {
  const model = fakeModelServices(temp.db, server.baseUrl);
  try {
    return await executeRun(temp.db, runId, { registry: nodeRegistry, services: model.services, signal });
  } finally {
    await model.dispose();
  }
}

/** Aborts the run once `count` items have finished (done or failed). */
function abortAfter(runId: string, count: number, controller: AbortController): () => void {
  let finished = 0;
  return runEvents.subscribe(runId, (e: RunEvent) => {
    if (e.type === "item-finished" || e.type === "item-failed") {
      if (++finished === count) controller.abort();
    }
  });
}

const itemsOf = (runId: string) => temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });

describe.skipIf(!TASK)("runs: cancel and resume", () => {
  it("cancel keeps finished items; resume runs only the missing ones, once each, and completes", async () => {
    const n = dataset.examples.length;
    expect(n).toBeGreaterThanOrEqual(5);
    server.setRules([{ reply: slowReply() }]);
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, {
      limit: dataset.examples.length,
      seed: 1,
      concurrency: 2,
      useCache: false,
    }, [fakeEndpoint(server.baseUrl)]);
    const controller = new AbortController();
    const unsubscribe = abortAfter(runId, 2, controller);
    const cancelled = await execute(runId, controller.signal).finally(unsubscribe);

    expect(cancelled.status).toBe("cancelled");
    const kept = await itemsOf(runId);
    // The items in flight at the cancel are not written at all (not as failures either).
    expect(kept.every((i) => i.status === "done")).toBe(true);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(n);
    expect(cancelled).toMatchObject({ done: kept.length, failed: 0 });
    const afterCancel = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(afterCancel).toMatchObject({ status: "cancelled", doneItems: kept.length, failedItems: 0 });
    // A cancelled run keeps a summary of exactly the items it finished.
    expect(JSON.parse(afterCancel!.summaryJson!)).toMatchObject({ doneItems: kept.length, scoredItems: kept.length, failedItems: 0 });

    // Resume with a fast server: exactly the examples without a finished item are requested, once each.
    server.reset();
    server.setRules([{ reply: fastReply() }]);
    const resumed = await execute(runId);
    const doneBefore = new Set(kept.map((i) => i.exampleId));
    const missing = dataset.examples.map((e) => e.exampleId).filter((id) => !doneBefore.has(id));
    expect(resumed).toEqual({ status: "completed", done: n, failed: 0, skipped: kept.length });
    expect(examplesRequested().sort()).toEqual([...missing].sort());

    const items = await itemsOf(runId);
    expect(items).toHaveLength(n);
    expect(new Set(items.map((i) => i.exampleId)).size).toBe(n);
    expect(items.every((i) => i.status === "done" && i.attempts === 1)).toBe(true);
    // Items finished before the cancel are untouched by the resume.
    for (const before of kept) {
      const after = items.find((i) => i.id === before.id)!;
      expect([after.answer, after.finishedAt.getTime()]).toEqual([before.answer, before.finishedAt.getTime()]);
    }
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0, promptTokens: n * FAKE_USAGE.prompt_tokens });
    expect((JSON.parse(run.summaryJson!) as RunSummary).scoredItems).toBe(n);
    // Every example's item carries the answer planned for it (as extraction reads it).
    const output = LAMP_TASKS[TASK!].output;
    expect(items.map((i) => i.answer)).toEqual(items.map((i) => extractAnswer(planned.get(i.exampleId)!, "", output).text));
  });

  it("an item failed before a cancel is retried on resume; counters stay consistent", async () => {
    const n = dataset.examples.length;
    const broken = dataset.examples[0];
    server.setRules([
      { match: { lastUserIncludes: exampleKey(broken.input) }, reply: { kind: "error", status: 400, message: "prompt rejected for now" } },
      { reply: slowReply() },
    ]);
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, {
      limit: dataset.examples.length,
      seed: 2,
      concurrency: 1,
      useCache: false,
    }, [fakeEndpoint(server.baseUrl)]);
    const controller = new AbortController();
    // concurrency 1: example 0 fails (400 is not retried), example 1 finishes, then the cancel.
    const unsubscribe = abortAfter(runId, 2, controller);
    const cancelled = await execute(runId, controller.signal).finally(unsubscribe);
    expect(cancelled).toEqual({ status: "cancelled", done: 1, failed: 1, skipped: 0 });
    expect(await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ doneItems: 1, failedItems: 1 });

    server.reset();
    server.setRules([{ reply: fastReply() }]);
    const resumed = await execute(runId);
    expect(resumed).toEqual({ status: "completed", done: n, failed: 0, skipped: 1 });
    // The failed example is requested again; the finished one is not.
    expect(examplesRequested()).toContain(broken.exampleId);
    expect(examplesRequested()).not.toContain(dataset.examples[1].exampleId);
    expect(server.requests).toHaveLength(n - 1);

    const items = await itemsOf(runId);
    expect(items).toHaveLength(n);
    const retried = items.find((i) => i.exampleId === broken.exampleId)!;
    expect(retried).toMatchObject({ status: "done", error: null, attempts: 2 });
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
    expect(run.doneItems + run.failedItems).toBe(items.length);
  });

  it("a run that completed with a failed item can be resumed to retry just that item", async () => {
    const n = dataset.examples.length;
    const broken = dataset.examples[n - 1];
    server.setRules([
      { match: { lastUserIncludes: exampleKey(broken.input) }, reply: { kind: "error", status: 400, message: "prompt rejected for now" } },
      { reply: fastReply() },
    ]);
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, {
      limit: dataset.examples.length,
      seed: 3,
      concurrency: 3,
      useCache: false,
    }, [fakeEndpoint(server.baseUrl)]);
    expect(await execute(runId)).toEqual({ status: "completed", done: n - 1, failed: 1, skipped: 0 });

    server.reset();
    server.setRules([{ reply: fastReply() }]);
    expect(await execute(runId)).toEqual({ status: "completed", done: n, failed: 0, skipped: n - 1 });
    expect(examplesRequested()).toEqual([broken.exampleId]);
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
    expect((JSON.parse(run.summaryJson!) as RunSummary)).toMatchObject({ scoredItems: n, failedItems: 0 });
    // Fully complete now: another resume is refused.
    await expect(execute(runId)).rejects.toThrow(/already complete/);
  });
});
