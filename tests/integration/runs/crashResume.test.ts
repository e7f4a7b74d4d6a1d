import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { markInterruptedRuns, STALE_AFTER_MS } from "../../../server/runs/runHeartbeat";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { REPO_ROOT } from "../../support/sharedData";
import { modelPipeline } from "../../support/pipelineFixtures";
import { fakeModelServices } from "../../support/pipelineServices";
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
import { fakeEndpoint } from "../../support/pipelineFixtures";

const TASK = firstAvailableTask(["LaMP-7", "LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-4"]);
/** Runs cover the first examples of the dataset only (real LaMP-7 dev has 50). */
const MAX_EXAMPLES = 8;
const RUNNER = path.join(REPO_ROOT, "tests", "support", "runFixturesCrashRunner.ts");
/**
 * The first 4 model requests are answered (slowly); later ones hang. With 2 workers, once requests
 * 5 and 6 have arrived both workers are stuck on hanging requests, which they only start after
 * writing their previous item: exactly 4 items are finished when the runner is killed.
 */
const ANSWERED = 4;
const CONCURRENCY = 2;

let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let child: ChildProcess | null = null;

beforeAll(async () => {
  countTokens("warm up"); // the fake server shares this event loop: no multi-second stall mid-run
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  if (TASK) dataset = await importRunDataset(temp.db, TASK, MAX_EXAMPLES);
});
afterAll(async () => {
  // If the test failed before its kill, do not leave the runner (and its process group) behind.
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
  await server.close();
  await temp.cleanup();
});

describe.skipIf(!TASK)("runs: a killed runner process", () => {
  it("killed while finished items are being group-committed: every item reported done survives, counters match the items, nothing twice", { timeout: 90_000 }, async () => {
    const planned = planAnswers(dataset);
    server.reset();
    // The first answers come fast (their items are written in small batches while the others are in flight), the rest
    // slowly, so the kill lands while the run is still going whatever the machine's speed.
    const fast = taskFormatReply(dataset.examples, planned, { chunkSize: 400, chunkDelayMs: 5 });
    const slow = taskFormatReply(dataset.examples, planned, { chunkSize: 8, chunkDelayMs: 150 });
    server.setRules([{ reply: (r) => (r.index < 5 ? fast(r) : slow(r)) }]);
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { stream: true } }, { template: "rag-chat" }));
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: dataset.examples.length, seed: 2, concurrency: 8, useCache: false }, [
      fakeEndpoint(server.baseUrl),
    ]);
    let output = "";
    child = spawn("npx", ["tsx", RUNNER, temp.url, runId, server.baseUrl], { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
    const reported = () => [...output.matchAll(/^reported done (.+)$/gm)].map((m) => m[1]);
    await waitUntil(() => reported().length >= 3 || child!.exitCode !== null, "the runner to report 3 finished items", 60_000);
    expect(child.exitCode, `the runner finished before the kill; its output:\n${output}`).toBeNull();
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const reportedBeforeKill = reported();

    const items = await temp.db.runItem.findMany({ where: { runId } });
    const stored = new Set(items.filter((i) => i.status === "done").map((i) => i.exampleId));
    expect(reportedBeforeKill.filter((id) => !stored.has(id))).toEqual([]);
    expect(new Set(items.map((i) => i.exampleId)).size).toBe(items.length);
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.doneItems).toBe(stored.size);
    expect(run.failedItems).toBe(0);

    // Left "running" by the dead process: its heartbeat is recent, so it is not marked yet; once the
    // heartbeat is older than STALE_AFTER_MS, the studio marks it interrupted (with the way out).
    expect(run.status).toBe("running");
    expect(run.heartbeatAt).not.toBeNull();
    expect(await markInterruptedRuns(temp.db)).toEqual([]);
    expect(await markInterruptedRuns(temp.db, new Date(run.heartbeatAt!.getTime() + STALE_AFTER_MS + 1000))).toEqual([runId]);
    const interrupted = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.error).toMatch(/The process executing this run stopped .*Resume it to finish/);

    // Resume finishes the rest without executing a stored item again.
    server.setRules([{ reply: fast }]);
    const before = server.requests.length;
    const model = fakeModelServices(temp.db, server.baseUrl);
    const result = await executeRun(temp.db, runId, { registry: nodeRegistry, services: model.services }).finally(() => model.dispose());
    expect(result.status).toBe("completed");
    const again = server.requests.slice(before).map((r) => exampleOfRequest(r, dataset.examples).exampleId);
    expect(again.filter((id) => stored.has(id))).toEqual([]);
    expect(await temp.db.runItem.count({ where: { runId } })).toBe(dataset.examples.length);
    expect((await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).doneItems).toBe(dataset.examples.length);
  });

  it("loses no finished item: resume requests only the unfinished examples, no duplicates, and completes", { timeout: 90_000 }, async () => {
    const n = dataset.examples.length;
    expect(n).toBeGreaterThanOrEqual(ANSWERED + CONCURRENCY);
    const planned = planAnswers(dataset);
    const slow = taskFormatReply(dataset.examples, planned, { chunkSize: 40, chunkDelayMs: 40 });
    server.reset();
    server.setRules([{ reply: (r) => (r.index < ANSWERED ? slow(r) : { kind: "hang" }) }]);

    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { stream: true } }, { template: "rag-chat" }));
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, {
      limit: dataset.examples.length,
      seed: 1,
      concurrency: CONCURRENCY,
      useCache: false,
    }, [fakeEndpoint(server.baseUrl)]);

    // Its own process group, so the kill reaches npx, tsx and node alike.
    let output = "";
    child = spawn("npx", ["tsx", RUNNER, temp.url, runId, server.baseUrl], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));

    const doneCount = () => temp.db.runItem.count({ where: { runId, status: "done" } });
    try {
      await waitUntil(
        async () => child!.exitCode === null && (await doneCount()) >= 2 && server.requests.length >= ANSWERED + CONCURRENCY,
        "2 finished items written by the runner and every worker waiting on a hanging request",
        60_000,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; runner output:\n${output}`);
    }
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    expect(child.signalCode).toBe("SIGKILL");

    // What the killed runner left: the 4 answered items, nothing for the 2 in flight, run still "running".
    const survivors = await temp.db.runItem.findMany({ where: { runId } });
    expect(survivors.map((i) => i.status)).toEqual(Array(ANSWERED).fill("done"));
    const crashed = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(crashed).toMatchObject({ status: "running", doneItems: ANSWERED, failedItems: 0 });
    expect(server.requests).toHaveLength(ANSWERED + CONCURRENCY);

    // Resume in this process against a prompt server.
    const before = server.requests.length;
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    const model = fakeModelServices(temp.db, server.baseUrl);
    const result = await executeRun(temp.db, runId, { registry: nodeRegistry, services: model.services }).finally(() => model.dispose());
    expect(result).toEqual({ status: "completed", done: n, failed: 0, skipped: survivors.length });

    // Exactly the unfinished examples were requested, once each; no finished one again.
    const finished = new Set(survivors.map((i) => i.exampleId));
    const resumedRequests = server.requests.slice(before).map((r) => exampleOfRequest(r, dataset.examples).exampleId);
    expect([...resumedRequests].sort()).toEqual(dataset.examples.map((e) => e.exampleId).filter((id) => !finished.has(id)).sort());

    // One item per example; the survivors are exactly as the runner wrote them.
    const items = await temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(items.map((i) => i.exampleId)).toEqual(dataset.examples.map((e) => e.exampleId));
    for (const s of survivors) {
      const now = items.find((i) => i.id === s.id)!;
      expect([now.status, now.answer, now.attempts, now.finishedAt.getTime()]).toEqual([s.status, s.answer, s.attempts, s.finishedAt.getTime()]);
    }
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({
      status: "completed",
      doneItems: n,
      failedItems: 0,
      promptTokens: n * FAKE_USAGE.prompt_tokens,
      completionTokens: n * FAKE_USAGE.completion_tokens,
    });
    expect(JSON.parse(run.summaryJson!) as RunSummary).toMatchObject({ scoredItems: n, doneItems: n, failedItems: 0 });
  });
});
