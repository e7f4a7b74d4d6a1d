// An experiment whose process is killed (SIGKILL) while its runs execute: started again, it
// finishes every run, keeps what was finished, and stores every item exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExperimentService } from "../../../server/experiments/experimentService";
import { summarizeExperiment } from "../../../server/experiments/experimentSummary";
import { studySpec } from "../../../server/experiments/studies";
import { createRunService } from "../../../server/runs/runService";
import { LocalRunExecutor } from "../../../server/runs/localRunExecutor";
import { embeddingsEndpointsOf } from "../../../server/runs/endpointPins";
import { nodeRegistry } from "../../../server/nodes/registry";
import { seedTemplatePipelines } from "../../../server/pipelines/seedTemplatePipelines";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { REPO_ROOT } from "../../support/sharedData";
import { datasetFilesFor, importRunDataset, waitUntil, type RunDataset } from "../../support/runFixtures";
import { fakeEndpoint } from "../../support/pipelineFixtures";

const TASK = "LaMP-2N";
const EXAMPLES = 5;
const RUNNER = path.join(REPO_ROOT, "tests", "support", "experimentCrashRunner.ts");

let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let child: ChildProcess | null = null;

beforeAll(async () => {
  temp = createTempDatabase();
  // A slow model (150 ms an answer), so the kill lands while the runs are under way.
  server = await startFakeOpenAiServer({ rules: [{ reply: { content: "politics", delayMs: 150 } }] });
  await seedTemplatePipelines(temp.db);
  dataset = await importRunDataset(temp.db, TASK, EXAMPLES);
});
afterAll(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
  await server.close();
  await temp.cleanup();
});

describe.skipIf(datasetFilesFor(TASK) === null)("experiments: a killed process", () => {
  it("resumes: every run completes, finished items are kept, every item is stored once", { timeout: 90_000 }, async () => {
    const endpoints = [fakeEndpoint(server.baseUrl, { name: "plain", model: "plain", timeoutMs: 120_000 })];
    const experiments = createExperimentService(
      temp.db,
      createRunService(temp.db, new LocalRunExecutor(nodeRegistry), {
        registry: nodeRegistry,
        availableEndpoints: async () => ({ models: endpoints, embeddings: embeddingsEndpointsOf(endpoints, {}) }),
      }),
      nodeRegistry,
    );
    const spec = await studySpec(temp.db, "profile-counterfactual", { datasetIds: [dataset.datasetId], endpoints: ["plain"], limit: EXAMPLES, concurrency: 1 });
    const { experimentId } = await experiments.create({ ...spec, useCache: false });
    const total = 3 * EXAMPLES;

    let output = "";
    child = spawn("npx", ["tsx", RUNNER, temp.url, experimentId, server.baseUrl], { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
    const done = async () => temp.db.runItem.count({ where: { run: { experimentId }, status: "done" } });
    await waitUntil(async () => (await done()) >= 3 || child!.exitCode !== null, "3 finished items", 60_000);
    expect(child.exitCode, `the runner finished before the kill:\n${output}`).toBeNull();
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const before = await done();
    expect(before).toBeLessThan(total);
    const requestsBefore = server.requests.length;

    // Started again here: the runs the dead process left "running" resume on their pinned endpoint.
    await experiments.start(experimentId);
    await experiments.waitUntilStopped(experimentId);
    const summary = await summarizeExperiment(temp.db, experimentId);
    expect(summary.status).toBe("completed");
    expect(summary.progress).toEqual({ done: total, failed: 0, total });
    const items = await temp.db.runItem.findMany({ where: { run: { experimentId } }, select: { runId: true, exampleId: true } });
    expect(items).toHaveLength(total);
    expect(new Set(items.map((i) => `${i.runId}/${i.exampleId}`)).size).toBe(total);
    // The resume asked only for what was not stored: the missing items, no finished one again.
    expect(server.requests.length - requestsBefore).toBe(total - before);
  });
});
