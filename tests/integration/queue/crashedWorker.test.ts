import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqRunQueue, createRunWorker, type RunWorker } from "../../../server/queue/bullmqRunQueue";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { REPO_ROOT } from "../../support/sharedData";
import { fakeEndpoint, modelPipeline } from "../../support/pipelineFixtures";
import { cleanupQueue, redisSkipReason, uniqueQueueLocation } from "../../support/queueFixtures";
import {
  createTestPipeline,
  createTestRun,
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
const WORKER_SCRIPT = path.join(REPO_ROOT, "tests", "support", "runWorkerProcess.ts");
/**
 * The first 4 model requests are answered (slowly); later ones hang. With the child worker taking 2
 * items at a time, once requests 5 and 6 have arrived both its slots hang on requests it only makes
 * after writing its previous item: exactly 4 items are written and 2 jobs are active when it dies.
 */
const ANSWERED = 4;
const CHILD_CONCURRENCY = 2;
/**
 * The dead child's job locks expire after this; then a stalled-job check finds them. The check is
 * shared by all workers of the queue (whoever runs it blocks the others for its own interval), so
 * both workers get the short interval.
 */
const CHILD_LOCK_MS = 3_000;
const STALLED_INTERVAL_MS = 1_000;

const skipReason = redisSkipReason() ?? (TASK ? null : "no LaMP dataset here (samples/lamp or ../shared/data/lamp-real)");
if (skipReason) console.log(`skipping the crashed-worker test: ${skipReason}`);

const location = skipReason ? null! : uniqueQueueLocation("crash");
let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let child: ChildProcess | null = null;
let rescuer: RunWorker | null = null;

beforeAll(async () => {
  if (skipReason) return;
  countTokens("warm up"); // the fake server shares this event loop: no multi-second stall mid-run
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  dataset = await importRunDataset(temp.db, TASK!, MAX_EXAMPLES);
});
afterAll(async () => {
  if (skipReason) return;
  // If the test failed before its kill, do not leave the worker (and its process group) behind.
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
  await rescuer?.close({ abort: true });
  await cleanupQueue(location);
  await server.close();
  await temp.cleanup();
});

describe.skipIf(skipReason)("distributed runs: a worker process killed mid-run", () => {
  it("its active jobs are redelivered to another worker: no item lost or duplicated, the run completes", { timeout: 120_000 }, async () => {
    const n = dataset.examples.length;
    expect(n).toBeGreaterThanOrEqual(ANSWERED + CHILD_CONCURRENCY + 1);
    const planned = planAnswers(dataset);
    const slow = taskFormatReply(dataset.examples, planned, { chunkSize: 40, chunkDelayMs: 40 });
    server.reset();
    server.setRules([{ reply: (r) => (r.index < ANSWERED ? slow(r) : { kind: "hang" }) }]);

    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { stream: true } }, { template: "rag-chat" }));
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, useCache: false }, [fakeEndpoint(server.baseUrl)]);
    const queue = new BullmqRunQueue(location);
    try {
      // Its own process group, so the kill reaches npx, tsx and node alike.
      let output = "";
      child = spawn(
        "npx",
        ["tsx", WORKER_SCRIPT, temp.url, location.redisUrl, location.queueName, location.prefix, server.baseUrl, String(CHILD_CONCURRENCY), String(CHILD_LOCK_MS), String(STALLED_INTERVAL_MS)],
        { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
      await waitUntil(() => output.includes(" ready"), "the child worker to start", 60_000).catch((err: Error) => {
        throw new Error(`${err.message}; worker output:\n${output}`);
      });

      await queue.enqueue(temp.db, runId);
      const doneCount = () => temp.db.runItem.count({ where: { runId, status: "done" } });
      await waitUntil(
        async () => child!.exitCode === null && (await doneCount()) >= ANSWERED && server.requests.length >= ANSWERED + CHILD_CONCURRENCY,
        "4 items written by the child and both its slots waiting on a hanging request",
        60_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; worker output:\n${output}`);
      });
      expect(await queue.bullQueue.getJobCounts("active", "waiting")).toEqual({ active: CHILD_CONCURRENCY, waiting: n - ANSWERED - CHILD_CONCURRENCY });
      process.kill(-child.pid!, "SIGKILL");
      await exited;
      expect(child.signalCode).toBe("SIGKILL");

      // What the dead worker left: 4 items, its 2 jobs still "active" (locked until the locks expire).
      const survivors = await temp.db.runItem.findMany({ where: { runId } });
      expect(survivors.map((i) => i.status)).toEqual(Array(ANSWERED).fill("done"));
      expect(await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "running", doneItems: ANSWERED });
      const hung = server.requests.slice(ANSWERED).map((r) => exampleOfRequest(r, dataset.examples).exampleId);
      expect(hung).toHaveLength(CHILD_CONCURRENCY);

      // A worker in this process, against a prompt server, with a short stalled-job check.
      const before = server.requests.length;
      server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
      const lines: string[] = [];
      rescuer = createRunWorker({
        ...location,
        db: temp.db,
        concurrency: 2,
        registry: nodeRegistry,
        endpoints: [fakeEndpoint(server.baseUrl)],
        env: {},
        name: "rescuer",
        stalledInterval: STALLED_INTERVAL_MS,
        log: (line) => lines.push(line),
      });
      await rescuer.ready();
      await waitUntil(async () => (await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).status !== "running", "the run to end", 60_000);

      // Every example not written by the child was requested exactly once more: the 2 it held
      // (redelivered after their locks expired) and the ones still waiting; no written one again.
      // The last job's processor ends the run before BullMQ marks the job completed.
      await waitUntil(async () => (await queue.bullQueue.getJobCounts("active")).active === 0, "the last job to complete");
      const written = new Set(survivors.map((i) => i.exampleId));
      const rescued = server.requests.slice(before).map((r) => exampleOfRequest(r, dataset.examples).exampleId);
      expect([...rescued].sort()).toEqual(dataset.examples.map((e) => e.exampleId).filter((id) => !written.has(id)).sort());
      expect(rescued).toEqual(expect.arrayContaining(hung));
      expect(lines.filter((l) => l.includes(": done in"))).toHaveLength(n - ANSWERED);

      // One item per example; the child's items untouched; counters and summary over all of them.
      const items = await temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
      expect(items.map((i) => [i.exampleId, i.status, i.attempts])).toEqual(dataset.examples.map((e) => [e.exampleId, "done", 1]));
      for (const s of survivors) {
        const now = items.find((i) => i.id === s.id)!;
        expect([now.answer, now.finishedAt.getTime()]).toEqual([s.answer, s.finishedAt.getTime()]);
      }
      const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0, promptTokens: n * FAKE_USAGE.prompt_tokens });
      expect(JSON.parse(run.summaryJson!) as RunSummary).toMatchObject({ scoredItems: n, doneItems: n, failedItems: 0 });
      expect(await queue.bullQueue.getJobCounts("active", "waiting", "delayed", "failed")).toEqual({ active: 0, waiting: 0, delayed: 0, failed: 0 });
    } finally {
      await queue.close();
    }
  });
});
