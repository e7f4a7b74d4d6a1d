import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BullmqRunQueue, createRunWorker, type RunWorker } from "../../../server/queue/bullmqRunQueue";
import { relayRunEvents, type RunEventRelay } from "../../../server/queue/runEventRelay";
import { executeRunItem, prepareRun } from "../../../server/runs/runItemExecution";
import { RunItemWriter } from "../../../server/runs/itemStore/runItemWriter";
import { finishRunningRun } from "../../../server/runs/runService";
import { loadRunExamples, selectRunExamples } from "../../../server/runs/runExamples";
import type { RunEvent } from "../../../server/runs/runEvents";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { fakeEndpoint, modelPipeline } from "../../support/pipelineFixtures";
import { fakeModelServices } from "../../support/pipelineServices";
import { deleteEndpoint, loadEndpoints, saveEndpoint } from "../../../server/settings/endpointStore";
import { cleanupQueue, redisSkipReason, uniqueQueueLocation } from "../../support/queueFixtures";
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
  waitUntil,
  type RunDataset,
} from "../../support/runFixtures";

const TASK = firstAvailableTask(["LaMP-7", "LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-4"]);
const MAX_EXAMPLES = 8;
const skipReason = redisSkipReason() ?? (TASK ? null : "no LaMP dataset here (samples/lamp or ../shared/data/lamp-real)");
if (skipReason) console.log(`skipping the BullMQ worker tests: ${skipReason}`);

const location = skipReason ? null! : uniqueQueueLocation("workers");
let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let planned: Map<string, string>;
let queue: BullmqRunQueue;
/** Every message the workers and the queue published, as the studio's relay forwards them. */
const relayed: RunEvent[] = [];
let relay: RunEventRelay;
const workers: RunWorker[] = [];

beforeAll(async () => {
  if (skipReason) return;
  countTokens("warm up"); // the fake server shares this event loop: no multi-second stall mid-run
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  dataset = await importRunDataset(temp.db, TASK!, MAX_EXAMPLES);
  planned = planAnswers(dataset);
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
  await temp.cleanup();
});

async function startWorker(name: string, concurrency: number, opts: { offline?: boolean; savedEndpoints?: boolean } = {}): Promise<{ worker: RunWorker; lines: string[] }> {
  const lines: string[] = [];
  const worker = createRunWorker({
    ...location,
    db: temp.db,
    concurrency,
    registry: nodeRegistry,
    endpoints: opts.savedEndpoints ? undefined : opts.offline ? [] : [fakeEndpoint(server.baseUrl)],
    env: {},
    name,
    log: (line) => lines.push(line),
  });
  workers.push(worker);
  await worker.ready();
  return { worker, lines };
}

const eventsOf = (runId: string) => relayed.filter((e) => (e.type === "progress" ? e.progress.runId : e.runId) === runId);
const requestsPerExample = (from = 0) => {
  const counts = new Map<string, number>();
  for (const r of server.requests.slice(from)) {
    const id = exampleOfRequest(r, dataset.examples).exampleId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};
const runOf = (runId: string) => temp.db.run.findUniqueOrThrow({ where: { id: runId } });
const finishedOnce = (runId: string) => waitUntil(() => eventsOf(runId).some((e) => e.type === "run-finished"), `run ${runId} to finish`, 60_000);

describe.skipIf(skipReason)("distributed runs: BullMQ workers", () => {
  it("two workers share a run: every example executed once, one item each, summary written, completed once", { timeout: 90_000 }, async () => {
    server.reset();
    // Slow enough that one worker cannot drain the queue before the other takes its first job.
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned, { chunkSize: 40, chunkDelayMs: 20 }) }]);
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { stream: true } }, { template: "rag-chat" }));
    const n = dataset.examples.length;
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    const a = await startWorker("worker-a", 2);
    const b = await startWorker("worker-b", 2);

    const enqueued = await queue.enqueue(temp.db, runId);
    expect(enqueued).toEqual({ runId, total: n, alreadyDone: 0, enqueued: n, status: "running" });
    // Enqueueing again while it runs adds nothing: the job ids are taken.
    await queue.enqueue(temp.db, runId);
    await finishedOnce(runId);
    await waitUntil(() => a.worker.inFlight + b.worker.inFlight === 0, "workers idle");

    // Exactly one model request per example, whichever worker ran it.
    expect([...requestsPerExample().entries()].sort()).toEqual(dataset.examples.map((e) => [e.exampleId, 1]).sort());
    const byWorker = (lines: string[]) => lines.filter((l) => l.includes(`run ${runId} example`) && l.includes(": done in")).length;
    expect(byWorker(a.lines) + byWorker(b.lines)).toBe(n);
    expect(byWorker(a.lines)).toBeGreaterThan(0);
    expect(byWorker(b.lines)).toBeGreaterThan(0);

    const items = await temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.exampleId, i.status, i.attempts])).toEqual(dataset.examples.map((e) => [e.exampleId, "done", 1]));
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0, error: null, promptTokens: n * FAKE_USAGE.prompt_tokens });
    expect(run.finishedAt).not.toBeNull();
    expect(JSON.parse(run.summaryJson!) as RunSummary).toMatchObject({ scoredItems: n, doneItems: n, failedItems: 0 });

    // The live view's events, relayed from Redis: started, one finish per example, progress up to n, one end.
    const events = eventsOf(runId);
    expect(events.filter((e) => e.type === "run-started")).toHaveLength(2); // one per enqueue
    expect(events.filter((e) => e.type === "item-finished").map((e) => (e as { exampleId: string }).exampleId).sort()).toEqual(
      dataset.examples.map((e) => e.exampleId).sort(),
    );
    const progress = events.flatMap((e) => (e.type === "progress" ? [e.progress] : []));
    // One progress event per item, each with the counters stored after it (two workers may read the same).
    expect(progress).toHaveLength(n);
    expect(Math.max(...progress.map((p) => p.done))).toBe(n);
    expect(progress.every((p) => p.total === n && p.failed === 0)).toBe(true);
    expect(events.filter((e) => e.type === "run-finished")).toEqual([{ type: "run-finished", runId, status: "completed" }]);
    expect(events.at(-1)?.type).toBe("run-finished");
    expect(await queue.bullQueue.getJobCounts("waiting", "active", "delayed", "failed")).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it("runs the profile-baseline template (no model) through a worker", { timeout: 60_000 }, async () => {
    server.reset();
    await startWorker("offline", 4, { offline: true });
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const n = dataset.examples.length;
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    await queue.enqueue(temp.db, runId);
    await finishedOnce(runId);

    expect(server.requests).toHaveLength(0);
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0, promptTokens: 0 });
    expect(await temp.db.runItem.count({ where: { runId, status: "done" } })).toBe(n);
    expect(JSON.parse(run.summaryJson!) as RunSummary).toMatchObject({ task: TASK, scoredItems: n, doneItems: n });
    expect(eventsOf(runId).filter((e) => e.type === "run-finished")).toHaveLength(1);
  });

  it("cancel removes the waiting jobs and aborts the item in flight; resume runs the rest once each", { timeout: 90_000 }, async () => {
    server.reset();
    server.setRules([{ reply: { kind: "hang" } }]);
    const versionId = await createTestPipeline(temp.db, "rag-k4");
    const n = dataset.examples.length;
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    const { worker, lines } = await startWorker("single", 1);
    await queue.enqueue(temp.db, runId);
    await waitUntil(() => server.requests.length >= 1, "the first item's model request");
    expect(await queue.bullQueue.getJobCounts("waiting", "active")).toEqual({ waiting: n - 1, active: 1 });

    const cancelled = await queue.cancel(temp.db, runId);
    expect(cancelled).toEqual({ removedJobs: n - 1 });
    await waitUntil(async () => worker.inFlight === 0 && (await queue.bullQueue.getJobCounts("active")).active === 0, "the aborted item's job to end");
    expect(await queue.bullQueue.getJobCounts("waiting", "active", "delayed")).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(lines.filter((l) => l.includes(": aborted (run cancelled)"))).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
    expect(await temp.db.runItem.count({ where: { runId } })).toBe(0); // the aborted item wrote nothing
    expect(await runOf(runId)).toMatchObject({ status: "cancelled", doneItems: 0, failedItems: 0 });
    expect(eventsOf(runId).filter((e) => e.type === "run-finished")).toEqual([{ type: "run-finished", runId, status: "cancelled" }]);
    // A second cancel finds nothing to cancel.
    expect(await queue.cancel(temp.db, runId)).toBeNull();

    // Resume: every example once more (the aborted one included), then completed.
    const before = server.requests.length;
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    expect(await queue.enqueue(temp.db, runId)).toMatchObject({ enqueued: n, alreadyDone: 0 });
    await waitUntil(async () => (await runOf(runId)).status === "completed", "the resumed run to complete", 60_000);
    expect([...requestsPerExample(before).values()]).toEqual(Array(n).fill(1));
    expect(requestsPerExample(before).size).toBe(n);
    expect(await runOf(runId)).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
  });

  it("resume retries only the failed items, and the run ends after the last of them, once", { timeout: 90_000 }, async () => {
    server.reset();
    const broken = [dataset.examples[1], dataset.examples[4]];
    server.setRules([
      ...broken.map((e) => ({ match: { lastUserIncludes: exampleKey(e.input) }, reply: { kind: "error" as const, status: 400, message: "bad prompt" } })),
      { reply: taskFormatReply(dataset.examples, planned) },
    ]);
    const versionId = await createTestPipeline(temp.db, "rag-k4");
    const n = dataset.examples.length;
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    await startWorker("first", 2);
    await queue.enqueue(temp.db, runId);
    await finishedOnce(runId);
    expect(await runOf(runId)).toMatchObject({ status: "completed", doneItems: n - 2, failedItems: 2 });
    const failed = await temp.db.runItem.findMany({ where: { runId, status: "failed" }, select: { exampleId: true, error: true } });
    expect(failed.map((i) => i.exampleId).sort()).toEqual(broken.map((e) => e.exampleId).sort());
    expect(failed.every((i) => i.error?.includes("bad prompt"))).toBe(true);

    // Resume on one worker taking one item at a time: the counters say done + failed == total from
    // the start (the retried items still count as failed), yet the run must wait for both.
    await Promise.all(workers.splice(0).map((w) => w.close()));
    await startWorker("second", 1);
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    const before = server.requests.length;
    relayed.length = 0;
    expect(await queue.enqueue(temp.db, runId)).toMatchObject({ enqueued: 2, alreadyDone: n - 2 });
    await finishedOnce(runId);

    expect([...requestsPerExample(before).keys()].sort()).toEqual(broken.map((e) => e.exampleId).sort());
    const sequence = eventsOf(runId).filter((e) => e.type !== "progress" && e.type !== "item-started").map((e) => e.type);
    expect(sequence).toEqual(["run-started", "item-finished", "item-finished", "run-finished"]);
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
    expect(JSON.parse(run.summaryJson!) as RunSummary).toMatchObject({ doneItems: n, failedItems: 0 });
    const retried = await temp.db.runItem.findMany({ where: { runId, exampleId: { in: broken.map((e) => e.exampleId) } } });
    expect(retried.map((i) => [i.status, i.attempts, i.error])).toEqual([
      ["done", 2, null],
      ["done", 2, null],
    ]);
  });

  it("a job whose item another process already wrote (a redelivery) makes no model call and still counts toward the end", { timeout: 60_000 }, async () => {
    server.reset();
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    const versionId = await createTestPipeline(temp.db, "rag-k4");
    const n = dataset.examples.length;
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    await queue.enqueue(temp.db, runId); // no worker yet: every job waits
    // Another process writes the first example's item while its job is still queued.
    const prepared = await prepareRun(temp.db, runId, nodeRegistry);
    const [first] = await loadRunExamples(temp.db, await selectRunExamples(temp.db, prepared.datasetId, prepared.config));
    const model = fakeModelServices(temp.db, server.baseUrl);
    const writer = new RunItemWriter(temp.db);
    const outcome = await executeRunItem(prepared, first, { services: model.services, writer, signal: new AbortController().signal }).finally(() =>
      Promise.all([model.dispose(), writer.close()]),
    );
    expect(outcome.status).toBe("done");
    expect(server.requests).toHaveLength(1);

    const { lines } = await startWorker("late", 2);
    await finishedOnce(runId);
    expect(lines.filter((l) => l.endsWith(`example ${first.exampleId}: already done`))).toHaveLength(1);
    expect([...requestsPerExample().values()]).toEqual(Array(n).fill(1));
    expect(await runOf(runId)).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
    expect(await temp.db.runItem.count({ where: { runId } })).toBe(n);
  });

  it("a worker given no endpoints uses those saved in the studio's database (Models page), as local runs do", { timeout: 60_000 }, async () => {
    server.reset();
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    await saveEndpoint(temp.db, { config: { name: "default", provider: "openai-compatible", baseUrl: server.baseUrl, model: "saved-model", timeoutMs: 2000 } }, {});
    try {
      const { lines } = await startWorker("saved", 2, { savedEndpoints: true });
      const versionId = await createTestPipeline(temp.db, "rag-k4");
      const n = dataset.examples.length;
      const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, await loadEndpoints(temp.db, {}));
      await queue.enqueue(temp.db, runId);
      await finishedOnce(runId);
      expect(await runOf(runId)).toMatchObject({ status: "completed", doneItems: n, failedItems: 0 });
      expect(server.requests.map((r) => r.body?.model)).toEqual(Array(n).fill("saved-model"));
      expect(lines.filter((l) => l.includes(": done in"))).toHaveLength(n);
    } finally {
      await deleteEndpoint(temp.db, "default");
    }
  });

  it("of two workers finishing the same run, exactly one writes the end", async () => {
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: 2 }, [fakeEndpoint(server.baseUrl)]);
    await temp.db.run.update({ where: { id: runId }, data: { status: "running" } });
    const results = await Promise.all([finishRunningRun(temp.db, runId), finishRunningRun(temp.db, runId), finishRunningRun(temp.db, runId)]);
    expect(results.filter((s) => s !== null)).toHaveLength(1);
    // A cancelled run is never turned into a finished one.
    await temp.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
    expect(await finishRunningRun(temp.db, runId)).toBeNull();
    expect((await runOf(runId)).status).toBe("cancelled");
  });
});
