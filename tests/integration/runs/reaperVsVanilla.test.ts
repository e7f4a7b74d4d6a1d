// A ReaPer run and a vanilla reasoning run over the same sample dataset against the fake server,
// as a researcher compares them: the ReaPer run's stage adherence, hesitation and profile mentions
// come from the model's own words (the injected thought here is written to contain all three), its
// reasoning tokens are the sum of its calls, and the items table, the dashboard's summary and the
// trace viewer agree on every count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { findTemplate } from "../../../server/pipelines/templates";
import { getRun, getRunItem, listRunItems } from "../../../server/runs/runQueries";
import { countTokens } from "../../../server/llm/tokenCount";
import { countPhrases } from "../../../server/metrics/failureModes/textFeatures";
import { DEFAULT_HESITATION_MARKERS, DEFAULT_PROFILE_MENTION_MARKERS } from "../../../server/metrics/failureModes/params";
import { stageAdherence } from "../../../server/metrics/failureModes/divergence";
import { quantileSorted } from "../../../server/metrics/stats/descriptive";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { fakeModelServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, datasetFilesFor, importRunDataset, type RunDataset } from "../../support/runFixtures";
import { fakeEndpoint } from "../../support/pipelineFixtures";

const HEADERS = ["Stage 1 - Requirement analysis", "Stage 2 - User profile synthesis", "Stage 3 - Response generation"];
// Markers, a profile mention and a stage header: what a careless signal would count as the model's.
const LOUD_INJECTION = "Wait, hmm, the user's history matters. Stage 3 - Response generation: commit to {{format}}.";

/** R1-style: stages 1 and 2, three hesitation markers and a paragraph break (RPI checks there); continuations commit. */
function model(request: RecordedRequest) {
  const usage = { prompt_tokens: 40, completion_tokens: 30, reasoning_tokens: 20 };
  if (request.lastUserMessage?.includes("You answered the task above")) return { reasoning: "Most candidates say politics.", content: "politics", usage };
  if (request.continuation) return { content: " So politics.</think>politics", usage };
  const deltas = [
    `${HEADERS[0]}: one category.`,
    `\n\n${HEADERS[1]}: the user writes about the senate.`,
    " Wait, maybe business.",
    " Hmm, or sports.",
    " Alternatively, crime.",
    "\n\nI need to decide.",
  ];
  // Streamed (RPI) in deltas, or whole (a plain generate call).
  if (!request.stream) return { reasoning: deltas.join(""), content: "politics", usage };
  return { deltas: [...deltas.map((reasoning) => ({ reasoning })), { content: "politics" }], usage };
}

let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
const TASK = "LaMP-2N";

beforeAll(async () => {
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer({ rules: [{ reply: model }] });
  dataset = await importRunDataset(temp.db, TASK, 5);
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

async function run(graph: unknown): Promise<string> {
  const wiring = fakeModelServices(temp.db, server.baseUrl, { endpoint: { continuation: "vllm" } });
  try {
    const versionId = await createTestPipeline(temp.db, graph);
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: dataset.examples.length, seed: 1, concurrency: 2, useCache: false }, [fakeEndpoint(server.baseUrl, { continuation: "vllm" })]);
    const result = await executeRun(temp.db, runId, { registry: nodeRegistry, services: wiring.services });
    expect(result.failed).toBe(0);
    return runId;
  } finally {
    await wiring.dispose();
  }
}

function reaperWithLoudInjection(): unknown {
  const graph = structuredClone(findTemplate("reaper")!.graph) as { nodes: { id: string; params: Record<string, unknown> }[] };
  const srm = graph.nodes.find((n) => n.id === "srm")!;
  srm.params = { ...srm.params, rules: { hesitation: { injection: LOUD_INJECTION } } };
  return graph;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe.skipIf(datasetFilesFor(TASK) === null)("ReaPer vs vanilla on the same examples: signals of the model's own words, counts that agree", () => {
  it("ReaPer: injected text is not counted; reasoning tokens are the sum of the calls; table, summary and trace agree", async () => {
    const runId = await run(reaperWithLoudInjection());
    const page = await listRunItems(temp.db, runId, { take: 50 });
    const summary = (await getRun(temp.db, runId)).summary!.failureModes!;
    expect(page.items).toHaveLength(dataset.examples.length);

    for (const row of page.items) {
      const item = await getRunItem(temp.db, runId, row.exampleId);
      const signals = item.signals as Record<string, number>;
      const candidates = item.trace.threads.filter((t) => t.role === "candidate");
      expect(candidates).toHaveLength(3);
      expect(item.trace.threads.map((t) => t.role)).toContain("synthesis");

      // The injection fired in every candidate, and it holds two markers, a profile mention and a header.
      for (const thread of candidates) {
        const injected = thread.spans.filter((s) => s.source === "injected");
        expect(injected.map((s) => s.source === "injected" && s.rule)).toEqual(["hesitation"]);
        expect(countPhrases(injected[0]!.text, DEFAULT_HESITATION_MARKERS)).toBe(2);
      }
      const modelText = (thread: (typeof candidates)[number]) => thread.spans.filter((s) => s.source === "model").map((s) => s.text).join("\n\n");
      const fullText = (thread: (typeof candidates)[number]) => thread.spans.map((s) => s.text).join("");
      // The model wrote three markers, "the user" once, and the headers of stages 1, 2 and 3 (the
      // last in its continuation): the item's values are those, not the injected ones.
      expect(signals.hesitationMarkers).toBe(mean(candidates.map((t) => countPhrases(modelText(t), DEFAULT_HESITATION_MARKERS))));
      expect(signals.hesitationMarkers).toBe(3);
      expect(mean(candidates.map((t) => countPhrases(fullText(t), DEFAULT_HESITATION_MARKERS)))).toBe(5);
      // "the user" (the "profile" of the stage-2 header the model copied is the template's word); the
      // injection adds "the user" and "history".
      expect(signals.profileMentions).toBe(1);
      expect(mean(candidates.map((t) => countPhrases(fullText(t), DEFAULT_PROFILE_MENTION_MARKERS)))).toBe(4);
      expect(signals.stageAdherence).toBe(mean(candidates.map((t) => stageAdherence(modelText(t), HEADERS)!)));
      expect(signals.interventionsByRule).toEqual({ hesitation: 3 });

      // Reasoning tokens: every call of every thread (each reports 20), one number everywhere.
      const callTokens = item.trace.threads.flatMap((t) => t.calls.map((c) => c.reasoningTokens));
      expect(signals.reasoningTokens).toBe(callTokens.reduce((a, b) => a + b, 0));
      expect(item.trace.threads.reduce((sum, t) => sum + t.reasoningTokens, 0)).toBe(signals.reasoningTokens);
      expect(row.reasoningTokens).toBe(signals.reasoningTokens);
      expect(item.tokens.reasoning).toBe(signals.reasoningTokens);
    }
    const sorted = page.items.map((i) => i.reasoningTokens).sort((a, b) => a - b);
    expect(summary.values.medianReasoningTokens).toBe(quantileSorted(sorted, 0.5));
    expect(summary.values.meanInterventions).toBe(3);
    expect(summary.interventionRuleCounts).toEqual([{ rule: "hesitation", count: 3 * page.items.length, items: page.items.length }]);
    expect(summary.histograms.stageAdherence.counted).toBe(page.items.length);
    // The items table's filter finds exactly the intervened items.
    expect((await listRunItems(temp.db, runId, { filter: "intervened" })).total).toBe(page.items.length);
  });

  it("vanilla on the same examples: one call, no interventions, no candidates; the same agreement of counts", async () => {
    const runId = await run(findTemplate("reasoning-vanilla")!.graph);
    const page = await listRunItems(temp.db, runId, { take: 50 });
    const summary = (await getRun(temp.db, runId)).summary!.failureModes!;
    for (const row of page.items) {
      const item = await getRunItem(temp.db, runId, row.exampleId);
      const signals = item.signals as Record<string, unknown>;
      expect(item.trace.threads.map((t) => t.role)).toEqual(["main"]);
      expect(signals).toMatchObject({ interventionCount: 0, candidateCount: null, reasoningTokens: 20, hesitationMarkers: 3, stageAdherence: null });
      expect(row.reasoningTokens).toBe(20);
    }
    expect(summary.values.medianReasoningTokens).toBe(20);
    expect(summary.interventionRuleCounts).toEqual([]);
    expect((await listRunItems(temp.db, runId, { filter: "intervened" })).total).toBe(0);
  });
});
