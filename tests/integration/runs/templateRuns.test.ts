import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { extractAnswer } from "../../../server/nodes/answerExtraction";
import { PIPELINE_TEMPLATES } from "../../../server/pipelines/templates";
import { LAMP_TASKS, type TaskKey } from "../../../server/lamp/tasks";
import { evaluateOfficial } from "../../../server/metrics/lamp/officialEvaluation";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { fakeModelServices, offlineServices } from "../../support/pipelineServices";
import {
  createTestPipeline,
  createTestRun,
  datasetFilesFor,
  FAKE_USAGE,
  importRunDataset,
  planAnswers,
  taskFormatReply,
  type RunDataset,
} from "../../support/runFixtures";
import { fakeEndpoint } from "../../support/pipelineFixtures";

/** One task per output kind and LaMP-1's special baseline; whichever have a dataset here (samples or real files). */
const TASKS = (["LaMP-1", "LaMP-2", "LaMP-2N", "LaMP-3", "LaMP-7"] as TaskKey[]).filter((t) => datasetFilesFor(t) !== null);
/** Real LaMP-7 dev has 50 examples; a run test needs a handful. */
const MAX_EXAMPLES = 8;
/** Model calls behind one example: one generate, or ReaPer's 3 SRM candidates + 1 synthesis (no rule fires on the short trace). */
const CALLS_PER_ITEM: Record<string, number> = { "profile-baseline": 0, "lamp-no-profile": 1, "rag-k4": 1, "reasoning-vanilla": 1, reaper: 4 };

let temp: TempDatabase;
let server: FakeOpenAiServer;
const datasets = new Map<TaskKey, RunDataset>();

beforeAll(async () => {
  // The fake server shares this process's event loop: loading the tokenizer's rank table (seconds)
  // in the middle of a run would stall its replies past the 2 s timeout. Load it up front.
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  for (const task of TASKS) datasets.set(task, await importRunDataset(temp.db, task, MAX_EXAMPLES));
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

function officialOf(task: TaskKey, rows: { exampleId: string; answer: string | null }[], golds: Map<string, string>) {
  return evaluateOfficial(
    LAMP_TASKS[task].fileTaskName,
    rows.map((r) => ({ id: r.exampleId, output: golds.get(r.exampleId)! })),
    rows.map((r) => ({ id: r.exampleId, output: r.answer ?? "" })),
    { lamp2Labels: task === "LaMP-2N" ? "news" : "movie" },
  );
}

describe.skipIf(TASKS.length === 0)("every pipeline template runs end to end", () => {
  it("has the five shipped templates", () => {
    expect(PIPELINE_TEMPLATES.map((t) => t.key).sort()).toEqual(Object.keys(CALLS_PER_ITEM).sort());
  });

  for (const template of PIPELINE_TEMPLATES) {
    for (const task of TASKS) {
      it(`${template.key} on ${task}`, async () => {
        const dataset = datasets.get(task)!;
        const examples = dataset.examples;
        const n = examples.length;
        expect(n).toBeGreaterThanOrEqual(3);
        const planned = planAnswers(dataset);
        server.reset();
        server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);

        // The baseline gets no endpoint at all: it must not need one.
        const wiring = template.needsModel ? fakeModelServices(temp.db, server.baseUrl) : offlineServices(temp.db);
        const versionId = await createTestPipeline(temp.db, template.key);
        const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: n, seed: 1, concurrency: 4, useCache: false }, template.needsModel ? [fakeEndpoint(server.baseUrl)] : []);
        let result;
        try {
          result = await executeRun(temp.db, runId, { registry: nodeRegistry, services: wiring.services });
        } finally {
          await wiring.dispose();
        }
        const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
        const items = await temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
        expect(items.filter((i) => i.status !== "done").map((i) => i.error)).toEqual([]);
        expect(result).toEqual({ status: "completed", done: n, failed: 0, skipped: 0 });

        // One row per example, in file order.
        expect(items.map((i) => i.exampleId)).toEqual(examples.map((e) => e.exampleId));
        expect(run).toMatchObject({ status: "completed", totalItems: n, doneItems: n, failedItems: 0, error: null });

        // Tokens: every call reports the same usage, so an item holds calls x usage, the run n x that.
        const calls = CALLS_PER_ITEM[template.key];
        expect(server.requests).toHaveLength(n * calls);
        for (const item of items) {
          expect([item.promptTokens, item.completionTokens, item.reasoningTokens]).toEqual([
            calls * FAKE_USAGE.prompt_tokens,
            calls * FAKE_USAGE.completion_tokens,
            calls * FAKE_USAGE.reasoning_tokens,
          ]);
          expect(item.cacheHit).toBe(false);
        }
        expect([run.promptTokens, run.completionTokens, run.reasoningTokens]).toEqual([
          n * calls * FAKE_USAGE.prompt_tokens,
          n * calls * FAKE_USAGE.completion_tokens,
          n * calls * FAKE_USAGE.reasoning_tokens,
        ]);

        // Model templates store the planned answer, as extraction reads it (labels and ratings unchanged).
        const output = LAMP_TASKS[task].output;
        if (template.needsModel) {
          const expected = examples.map((e) => extractAnswer(planned.get(e.exampleId)!, "", output).text);
          expect(items.map((i) => i.answer)).toEqual(expected);
          if (output.kind !== "text") expect(expected).toEqual(examples.map((e) => planned.get(e.exampleId)));
        }

        // The summary's official metrics are the official evaluation of the stored answers.
        const summary = JSON.parse(run.summaryJson!) as RunSummary;
        const golds = new Map(examples.map((e) => [e.exampleId, e.gold!]));
        expect(summary).toMatchObject({ task, scoredItems: n, doneItems: n, failedItems: 0 });
        expect(summary.official).toEqual(officialOf(task, items, golds));
        expect(summary.officialRaw).toEqual(officialOf(task, items.map((i) => ({ ...i, answer: i.rawAnswer })), golds));
        if (template.needsModel) {
          // By hand: positions 2, 5, 8... are answered wrong, the rest exactly.
          const wrong = examples.filter((_, i) => i % 3 === 2).length;
          if (output.kind === "label") expect(summary.official).toMatchObject({ accuracy: (n - wrong) / n });
          if (output.kind === "rating") expect(summary.official).toEqual({ MAE: wrong / n, RMSE: Math.sqrt(wrong / n) });
        }

        // Failure-mode aggregates over every item; stage adherence only where the prompt has HRT stages.
        expect(summary.failureModes).not.toBeNull();
        expect(summary.failureModes!.itemCount).toBe(n);
        expect(Object.keys(summary.failureModes!.values)).toContain("invalidRawRate");
        expect(summary.failureModes!.values.meanStageAdherence).toBe(template.key === "reaper" ? 1 : null);
        if (template.key !== "profile-baseline" && template.key !== "lamp-no-profile") {
          for (const item of items) expect(JSON.parse(item.retrievedIdsJson)).toHaveLength(4);
        }
      });
    }
  }
});
