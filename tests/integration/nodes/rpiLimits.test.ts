// RPI against a model that keeps hesitating and never stops thinking, in every continuation mode:
// the hesitation rule fires once per window of new markers (never again on markers it already
// answered), the budget is a hard limit on the model's own reasoning whatever the other rules have
// spent, and after a budget stop the reasoning is closed and the model answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { interveneNode } from "../../../server/nodes/intervene";
import type { CompletionValue, MessagesValue } from "../../../server/pipeline/portValues";
import { countTokens } from "../../../server/llm/tokenCount";
import { fullTextOf } from "../../../server/llm/reasoningTrace";
import { countPhrases } from "../../../server/metrics/failureModes/textFeatures";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { NEWS_EXAMPLE, nodeContext, runNode } from "../../support/pipelineFixtures";
import { fakeModelServices, type FakeModelServices } from "../../support/pipelineServices";

const MESSAGES: MessagesValue = {
  messages: [{ role: "user", content: "Which category? article: the senate budget vote" }],
  template: "custom",
  stageHeaders: [],
};
const MARKERS = ["wait", "hmm", "alternatively"];
// One marker per delta: with threshold 3, a window fills after three deltas.
const DITHER = [" Wait, the senate voted on the budget.", " Hmm, the article also names a court.", " Alternatively, the vote is about taxes."];
const BUDGET = 120;
const RULES = {
  checkEveryTokens: 8,
  maxInterventions: 2,
  hesitation: { markers: MARKERS, threshold: 3, windowTokens: 256 },
  stages: { enabled: false },
  budget: { maxReasoningTokens: BUDGET },
};

/** Whether the reasoning of the request's prefix was closed (</think> after the last <think>). */
function closedThinking(request: RecordedRequest): boolean {
  const text = request.prompt ?? request.assistantPrefix ?? "";
  const open = text.lastIndexOf("<think>");
  return open !== -1 && text.indexOf("</think>", open) !== -1;
}

/** Never stops thinking unless the reasoning was closed for it; `obedient: false` ignores even that. */
function ditheringModel(obedient: boolean) {
  return (request: RecordedRequest) => {
    if (obedient && closedThinking(request)) return { content: " politics" };
    const raw = request.path === "/v1/completions";
    const deltas = Array.from({ length: 300 }, (_, i) => DITHER[i % DITHER.length]!).map((text) => (raw ? { content: text } : { reasoning: text }));
    return { deltas };
  };
}

let temp: TempDatabase;
let server: FakeOpenAiServer;
const services: Record<string, FakeModelServices> = {};
const MODES = {
  vllm: { continuation: "vllm" as const },
  "deepseek-prefix": { continuation: "deepseek-prefix" as const },
  "completions-raw": { continuation: "completions-raw" as const, rawPromptTemplate: "qwen3" as const },
};

beforeAll(async () => {
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  for (const [mode, endpoint] of Object.entries(MODES)) services[mode] = fakeModelServices(temp.db, server.baseUrl, { endpoint });
});
afterAll(async () => {
  for (const s of Object.values(services)) await s.dispose();
  await server.close();
  await temp.cleanup();
});
beforeEach(() => server.reset());

async function intervene(mode: keyof typeof MODES): Promise<CompletionValue> {
  const ctx = nodeContext({ example: NEWS_EXAMPLE, services: services[mode]!.services, seed: 3, nodeId: "rpi" });
  return (await runNode(interveneNode, { example: NEWS_EXAMPLE, messages: MESSAGES }, { rules: RULES }, ctx)).completion as CompletionValue;
}

describe.each(Object.keys(MODES) as Array<keyof typeof MODES>)("RPI on a model that never stops (%s)", (mode) => {
  it("one hesitation per window of new markers, the budget holds after maxInterventions, then the answer", async () => {
    server.setRules([{ reply: ditheringModel(true) }]);
    const c = await intervene(mode);
    const thread = c.trace!.threads[0]!;

    // Two hesitation thoughts (maxInterventions 2), then the stream runs on to the budget, which still fires.
    expect(c.interventions!.map((i) => i.rule)).toEqual(["hesitation", "hesitation", "budget"]);
    // Each hesitation answered exactly the three markers the model wrote since the previous injection.
    const modelStretches: string[] = [];
    let current = "";
    for (const span of thread.spans) {
      if (span.source === "injected") {
        modelStretches.push(current);
        current = "";
      } else current += span.text;
    }
    expect(modelStretches.slice(0, 2).map((text) => countPhrases(text, MARKERS))).toEqual([3, 3]);

    // The model-written reasoning stays within the budget; only the injected text comes on top.
    const modelTokens = thread.calls.reduce((sum, call) => sum + call.reasoningTokens, 0);
    expect(modelTokens).toBeLessThanOrEqual(BUDGET);
    expect(modelTokens).toBeGreaterThan(BUDGET - 16);
    // After the budget stop the reasoning is closed in this mode too: the model answers, once.
    expect(server.requests).toHaveLength(4);
    expect(closedThinking(server.requests[3]!)).toBe(true);
    expect(c.answer).toBe("politics");
    expect(fullTextOf(thread)).toBe(c.reasoning);
  });

  it("a server that goes on reasoning after the close is cut off: the budget is a hard limit", async () => {
    server.setRules([{ reply: ditheringModel(false) }]);
    const c = await intervene(mode);
    const thread = c.trace!.threads[0]!;
    expect(c.interventions!.map((i) => i.rule)).toEqual(["hesitation", "hesitation", "budget"]);
    if (mode === "completions-raw") {
      // A raw prompt ends after </think>: whatever the model writes next is its answer, not reasoning.
      expect(c.answer).toContain("Wait, the senate voted");
    } else {
      // Chat servers label the text: reasoning after the close ends the call, and none of it is kept.
      expect(c.calls!.at(-1)!.finishReason).toBe("budget-overrun");
      expect(c.answer).toBe("");
    }
    expect(thread.calls.reduce((sum, call) => sum + call.reasoningTokens, 0)).toBeLessThanOrEqual(BUDGET);
    // No request after the one that ignored the close.
    expect(server.requests).toHaveLength(4);
  });
});
