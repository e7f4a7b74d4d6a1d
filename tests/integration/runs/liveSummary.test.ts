import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { summarizeRun, type RunSummary } from "../../../server/runs/summarizeRun";
import { LiveRunSummary } from "../../../server/runs/liveRunSummary";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { modelPipeline } from "../../support/pipelineFixtures";
import { fakeModelServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, importRunDataset, planAnswers, taskFormatReply, waitUntil } from "../../support/runFixtures";
import { fakeEndpoint } from "../../support/pipelineFixtures";

let temp: TempDatabase;
let server: FakeOpenAiServer;

beforeAll(async () => {
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

describe("a running run's summary", () => {
  it("is refreshed from the finished items while the run is still going", async () => {
    const dataset = await importRunDataset(temp.db, "LaMP-2N", 6);
    const planned = planAnswers(dataset);
    // Slow streamed replies and one example at a time: the run lasts well beyond its first items.
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned, { chunkSize: 4, chunkDelayMs: 30 }) }]);
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { stream: true } }, { template: "rag-chat" }));
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: 6, concurrency: 1 }, [fakeEndpoint(server.baseUrl)]);
    const model = fakeModelServices(temp.db, server.baseUrl);
    const running = executeRun(temp.db, runId, { registry: nodeRegistry, services: model.services, summaryRefreshMs: 0 });

    let partial: RunSummary | null = null;
    await waitUntil(async () => {
      const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
      if (run.status === "running" && run.summaryJson) partial = JSON.parse(run.summaryJson) as RunSummary;
      return partial !== null && partial.doneItems >= 1;
    }, "a summary while the run is running");
    await running;
    await model.dispose();

    expect(partial!.doneItems).toBeLessThan(6);
    expect(partial!.official).not.toBeNull();
    const final = JSON.parse((await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).summaryJson!) as RunSummary;
    expect(final.doneItems).toBe(6);
  });

  for (const task of ["LaMP-7", "LaMP-3", "LaMP-2N"] as const) {
    it(`kept item by item, it equals the official evaluation of the stored items (${task})`, async () => {
      const dataset = await importRunDataset(temp.db, task, 9);
      server.reset();
      server.setRules([{ reply: taskFormatReply(dataset.examples, planAnswers(dataset)) }]);
      const versionId = await createTestPipeline(temp.db, "rag-k4");
      const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: dataset.examples.length, concurrency: 3, useCache: false }, [fakeEndpoint(server.baseUrl)]);
      const model = fakeModelServices(temp.db, server.baseUrl);
      await executeRun(temp.db, runId, { registry: nodeRegistry, services: model.services }).finally(() => model.dispose());

      const official = await summarizeRun(temp.db, runId);
      expect(official.scoredItems).toBe(dataset.examples.length);
      const live = await LiveRunSummary.load(temp.db, runId);
      expect(live.summary(0)).toEqual(official);
      // The wrong answers planned at positions 2, 5, 8 make the metric neither 0 nor perfect.
      expect(Object.values(official.official!).every((v) => v > 0)).toBe(true);
    });
  }
});
