import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { LAMP_TASKS } from "../../../server/lamp/tasks";
import { extractAnswer } from "../../../server/nodes/answerExtraction";
import { evaluateOfficial } from "../../../server/metrics/lamp/officialEvaluation";
import { countTokens } from "../../../server/llm/tokenCount";
import type { CompletionValue } from "../../../server/pipeline/portValues";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
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

const TASK = firstAvailableTask(["LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-7"]);
/** Runs cover the first examples of the dataset only (real LaMP-7 dev has 50). */
const MAX_EXAMPLES = 8;

let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let planned: Map<string, string>;

beforeAll(async () => {
  countTokens("warm up"); // the fake server shares this event loop: no multi-second stall mid-run
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  if (TASK) {
    dataset = await importRunDataset(temp.db, TASK, MAX_EXAMPLES);
    planned = planAnswers(dataset);
  }
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});
beforeEach(() => server.reset());

async function runTemplate(template: string, config: { useCache: boolean }) {
  const model = fakeModelServices(temp.db, server.baseUrl, { useCache: config.useCache });
  try {
    const versionId = await createTestPipeline(temp.db, template);
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, {
      limit: dataset.examples.length,
      seed: 1,
      concurrency: 4,
      useCache: config.useCache,
    }, [fakeEndpoint(server.baseUrl)]);
    const result = await executeRun(temp.db, runId, { registry: nodeRegistry, services: model.services });
    const items = await temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    return { runId, result, items, run, llmEvents: model.llmEvents };
  } finally {
    await model.dispose();
  }
}

const requestsFor = (exampleId: string) =>
  server.requests.filter((r) => exampleOfRequest(r, dataset.examples).exampleId === exampleId);

describe.skipIf(!TASK)("runs: response cache", () => {
  it("a rerun of the same config is served from the cache: same answers, cacheHit, no HTTP; bypass calls again", async () => {
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    const n = dataset.examples.length;
    // ReaPer: 3 streamed SRM candidates + 1 synthesis per example, so streams and plain calls are both cached.
    const first = await runTemplate("reaper", { useCache: true });
    expect(first.result.status).toBe("completed");
    expect(server.requests).toHaveLength(4 * n);
    expect(first.items.every((i) => i.status === "done" && !i.cacheHit)).toBe(true);

    const second = await runTemplate("reaper", { useCache: true });
    expect(second.result.status).toBe("completed");
    expect(server.requests).toHaveLength(4 * n); // nothing new reached the server
    expect(second.items.map((i) => i.answer)).toEqual(first.items.map((i) => i.answer));
    expect(second.items.map((i) => i.reasoning)).toEqual(first.items.map((i) => i.reasoning));
    expect(second.items.every((i) => i.cacheHit)).toBe(true);
    // Cached results keep their usage, so token totals match the first run.
    expect([second.run.promptTokens, second.run.completionTokens]).toEqual([first.run.promptTokens, first.run.completionTokens]);
    expect(second.llmEvents.filter((e) => e.type === "request-finished").every((e) => e.type === "request-finished" && e.outcome === "cache-hit")).toBe(
      true,
    );

    const bypass = await runTemplate("reaper", { useCache: false });
    expect(server.requests).toHaveLength(8 * n);
    expect(bypass.items.every((i) => !i.cacheHit)).toBe(true);
    expect(bypass.items.map((i) => i.answer)).toEqual(first.items.map((i) => i.answer));
  });
});

describe.skipIf(!TASK)("runs: endpoint errors", () => {
  it("a 500 on one example's prompt fails that item with the error text; the others finish; the run completes", async () => {
    const broken = dataset.examples[1];
    server.setRules([
      { match: { lastUserIncludes: exampleKey(broken.input) }, reply: { kind: "error", status: 500, message: "backend exploded on this prompt" } },
      { reply: taskFormatReply(dataset.examples, planned) },
    ]);
    const n = dataset.examples.length;
    const { result, items, run } = await runTemplate("rag-k4", { useCache: true });

    expect(result).toEqual({ status: "completed", done: n - 1, failed: 1, skipped: 0 });
    expect(run).toMatchObject({ status: "completed", doneItems: n - 1, failedItems: 1, error: null });
    const failed = items.filter((i) => i.status === "failed");
    expect(failed.map((i) => i.exampleId)).toEqual([broken.exampleId]);
    expect(failed[0].error).toContain('Node "generate" (generate) failed');
    expect(failed[0].error).toContain("backend exploded on this prompt");
    expect(failed[0].answer).toBeNull();
    // A 500 is retryable: 1 attempt + maxRetries (2) for the broken example, 1 for every other one.
    expect(requestsFor(broken.exampleId)).toHaveLength(3);
    expect(server.requests).toHaveLength(3 + (n - 1));

    // The official metrics cover the finished items only.
    const summary = JSON.parse(run.summaryJson!) as RunSummary;
    expect(summary).toMatchObject({ scoredItems: n - 1, doneItems: n - 1, failedItems: 1 });
    const done = items.filter((i) => i.status === "done");
    const golds = new Map(dataset.examples.map((e) => [e.exampleId, e.gold!]));
    expect(summary.official).toEqual(
      evaluateOfficial(
        LAMP_TASKS[TASK!].fileTaskName,
        done.map((i) => ({ id: i.exampleId, output: golds.get(i.exampleId)! })),
        done.map((i) => ({ id: i.exampleId, output: i.answer! })),
        { lamp2Labels: TASK === "LaMP-2N" ? "news" : "movie" },
      ),
    );
    // Errors are never cached: the same prompt goes to the server again next time.
    server.reset();
    server.setRules([{ reply: taskFormatReply(dataset.examples, planned) }]);
    const again = await runTemplate("rag-k4", { useCache: true });
    expect(server.requests.map((r) => exampleOfRequest(r, dataset.examples).exampleId)).toEqual([broken.exampleId]);
    expect(again.result).toMatchObject({ status: "completed", failed: 0 });
  });

  it("a 429 with Retry-After is retried after the asked delay and the item succeeds", async () => {
    const limited = dataset.examples[0];
    const isLimited = (r: RecordedRequest) => r.lastUserMessage?.includes(exampleKey(limited.input)) ?? false;
    server.setRules([
      { match: { lastUserIncludes: exampleKey(limited.input) }, reply: { kind: "error", status: 429, retryAfter: 1, message: "slow down" }, times: 1 },
      { reply: taskFormatReply(dataset.examples, planned) },
    ]);
    const n = dataset.examples.length;
    const { result, items, llmEvents } = await runTemplate("rag-k4", { useCache: false });

    expect(result).toEqual({ status: "completed", done: n, failed: 0, skipped: 0 });
    expect(server.requests.filter(isLimited)).toHaveLength(2);
    expect(server.requests).toHaveLength(n + 1);
    const retried = llmEvents.filter((e) => e.type === "request-retried");
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ attempt: 1, delayMs: 1000, error: { kind: "rate_limited", status: 429 } });
    const item = items.find((i) => i.exampleId === limited.exampleId)!;
    expect(item.status).toBe("done");
    expect(item.answer).toBe(extractAnswer(planned.get(limited.exampleId)!, "", LAMP_TASKS[TASK!].output).text);
    const completion = JSON.parse(item.outputsJson).generate.completion as CompletionValue;
    expect(completion.attempts).toBe(2);
    expect([item.promptTokens, item.completionTokens]).toEqual([FAKE_USAGE.prompt_tokens, FAKE_USAGE.completion_tokens]);
  });
});
