import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { interveneNode } from "../../../server/nodes/intervene";
import { extractAnswerNode } from "../../../server/nodes/extractAnswer";
import type { NodeEvent } from "../../../server/pipeline/nodeContext";
import type { AnswerValue, CompletionValue, MessagesValue } from "../../../server/pipeline/portValues";
import { countTokens } from "../../../server/llm/tokenCount";
import { LAMP2_NEWS_LABELS } from "../../../server/lamp/officialLabels";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { NEWS_EXAMPLE, nodeContext, runNode } from "../../support/pipelineFixtures";
import { fakeModelServices, type FakeModelServices } from "../../support/pipelineServices";

const MESSAGES: MessagesValue = {
  messages: [{ role: "user", content: "Which category? article: the senate budget vote" }],
  template: "custom",
  stageHeaders: [],
};
const FORMAT = `exactly one of: ${LAMP2_NEWS_LABELS.join(", ")}`;
const HESITATION_INJECTION = `Enough deliberation. I will follow my plan, use the past items above and commit to one answer in the allowed format (${FORMAT}).`;

/**
 * Reasoning deltas with known token counts (o200k): with checkEveryTokens = 8 every one of these
 * deltas (>= 8 tokens each) ends at a checkpoint. Markers: 0, 1 ("Wait"), 1 ("Hmm"), 1
 * ("Alternatively") -> the third marker arrives with delta 4, so the hesitation rule (threshold 3)
 * fires right after it, at 9 + 9 + 8 + 8 = 34 tokens, and the 20 calm deltas after it are never read.
 */
const HESITANT = [
  " The user reads about the senate budget vote.", // 9 tokens
  " Wait, the user reads politics news daily.", // 9
  " Hmm, the user also follows sports.", // 8
  " Alternatively, crime stories appear too often.", // 8
  ...Array.from({ length: 20 }, () => " The user reads about the senate budget vote."),
];
const HESITATION_RULES = { checkEveryTokens: 8, hesitation: { threshold: 3 }, stages: { enabled: false } };

let temp: TempDatabase;
let server: FakeOpenAiServer;
let model: FakeModelServices;

beforeAll(async () => {
  // Load the tokenizer now: the fake server shares this event loop and must not stall mid-stream.
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  model = fakeModelServices(temp.db, server.baseUrl);
});
afterAll(async () => {
  await model.dispose();
  await server.close();
  await temp.cleanup();
});
beforeEach(() => server.reset());

async function intervene(params: Record<string, unknown>, services = model.services, events: NodeEvent[] = []) {
  const ctx = nodeContext({ example: NEWS_EXAMPLE, services, seed: 3, nodeId: "rpi", events });
  return (await runNode(interveneNode, { example: NEWS_EXAMPLE, messages: MESSAGES }, params, ctx)).completion as CompletionValue;
}

function partialReasoning(events: NodeEvent[], untilIntervention: boolean): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (untilIntervention && e.type === "intervention") break;
    if (e.type === "partial" && e.channel === "reasoning") out.push(e.text);
  }
  return out;
}

describe("intervene node (RPI) against the fake server", () => {
  it("hesitation: stops the slow stream, continues the same turn with the corrective thought, lists the intervention", async () => {
    server.setRules([
      { match: { continuation: false }, reply: { deltas: HESITANT.map((reasoning) => ({ reasoning })), chunkDelayMs: 15 } },
      { match: { continuation: true }, reply: { content: " I commit to the profile: politics.</think>politics" } },
    ]);
    const events: NodeEvent[] = [];
    const c = await intervene({ rules: HESITATION_RULES }, model.services, events);

    // Two requests: the fresh stream, then a vLLM continuation (no third one).
    expect(server.requests.map((r) => [r.stream, r.continuation])).toEqual([
      [true, null],
      [true, "vllm"],
    ]);
    const cut = HESITANT.slice(0, 4).join("");
    // The continuation re-sends the reasoning read so far, the injected thought, inside an open <think>.
    expect(server.requests[1].assistantPrefix).toBe(`<think>\n${cut}\n\n${HESITATION_INJECTION}\n`);
    expect(server.requests[1].body.messages.slice(0, -1)).toEqual(MESSAGES.messages);

    expect(c.interventions).toEqual([{ rule: "hesitation", atToken: 34, injected: HESITATION_INJECTION }]);
    expect(countTokens(HESITANT[0]) + countTokens(HESITANT[1]) + countTokens(HESITANT[2]) + countTokens(HESITANT[3])).toBe(34);
    expect(events.filter((e) => e.type === "intervention")).toEqual([
      { type: "intervention", nodeId: "rpi", rule: "hesitation", injected: HESITATION_INJECTION, atToken: 34 },
    ]);
    // What streamed before the intervention is exactly the four deltas read, not the calm tail.
    expect(partialReasoning(events, true).join("")).toBe(cut);

    // The final completion covers the whole turn and every call behind it.
    expect(c.answer).toBe("politics");
    expect(c.reasoning).toBe(`${cut.trim()}\n\n${HESITATION_INJECTION}\n I commit to the profile: politics.`);
    expect(c.calls).toHaveLength(2);
    expect(c.calls![0]).toMatchObject({ finishReason: "intervention", reasoning: cut, usage: { estimated: true, completionTokens: 34 } });
    expect(c.calls![1].continuation?.mode).toBe("vllm");
  });

  it("budget: closes </think> at N tokens and the continuation prefix ends with the answer prefix", async () => {
    // " alpha" is one token: checkpoints every 8 tokens, the 16-token budget is reached at the 16th delta.
    server.setRules([
      { match: { continuation: false }, reply: { deltas: Array.from({ length: 60 }, () => ({ reasoning: " alpha" })), chunkDelayMs: 5 } },
      { match: { continuation: true }, reply: { content: " politics" } },
    ]);
    const rules = {
      checkEveryTokens: 8,
      hesitation: { enabled: false },
      stages: { enabled: false },
      budget: { maxReasoningTokens: 16, answerPrefix: "Answer:" },
    };
    const c = await intervene({ rules });
    const injection = `I have reasoned enough. The answer must be ${FORMAT}.`;
    const reasoning = " alpha".repeat(16);
    expect(server.requests).toHaveLength(2);
    const prefix = server.requests[1].assistantPrefix!;
    expect(prefix).toBe(`<think>\n${reasoning}\n\n${injection}\n</think>\n\nAnswer:`);
    expect(prefix.endsWith("</think>\n\nAnswer:")).toBe(true);
    expect(c.interventions).toEqual([{ rule: "budget", atToken: 16, injected: injection }]);
    expect(c.answer).toBe("Answer: politics");
    expect(c.reasoning).toBe(`${reasoning.trim()}\n\n${injection}`);
    // The answer cue makes it a clean label for the metric.
    const answer = (await runNode(extractAnswerNode, { example: NEWS_EXAMPLE, completion: c }, {}, nodeContext({ example: NEWS_EXAMPLE })))
      .answer as AnswerValue;
    expect(answer).toMatchObject({ text: "politics", extraction: "answer-cue" });
  });

  it("no rule fires on a calm, short trace: one request, no interventions", async () => {
    server.setRules([{ reply: { reasoning: " The user reads about the senate budget vote.", content: "politics" } }]);
    const c = await intervene({ rules: HESITATION_RULES });
    expect(server.requests).toHaveLength(1);
    expect(c.interventions).toEqual([]);
    expect(c.answer).toBe("politics");
    expect(c.calls).toHaveLength(1);
  });

  it("maxInterventions caps the corrective thoughts", async () => {
    // Every segment hesitates (the continuation writes three new markers); a 64-token window (256
    // characters) holds all three, and the window restarts after each hesitation injection.
    const rulesWith = (maxInterventions: number) => ({ ...HESITATION_RULES, maxInterventions, hesitation: { threshold: 3, windowTokens: 64 } });
    const script = () =>
      server.setRules([
        { match: { continuation: false }, reply: { deltas: HESITANT.map((reasoning) => ({ reasoning })) } },
        { match: { continuation: true }, reply: { deltas: [...HESITANT.slice(1, 4).map((reasoning) => ({ reasoning })), { content: "crime" }] } },
      ]);
    script();
    const once = await intervene({ rules: rulesWith(1) });
    // One intervention, then the continuation is left alone to finish although it hesitates again.
    expect(server.requests).toHaveLength(2);
    expect(once.interventions?.map((i) => i.rule)).toEqual(["hesitation"]);
    expect(once.answer).toBe("crime");

    server.reset();
    script();
    const twice = await intervene({ rules: rulesWith(2) });
    // The same script with a cap of 2: the first continuation is cut too, a third request finishes.
    expect(server.requests.map((r) => r.continuation)).toEqual([null, "vllm", "vllm"]);
    expect(twice.interventions?.map((i) => i.rule)).toEqual(["hesitation", "hesitation"]);
    expect(server.requests[2].assistantPrefix!.split(HESITATION_INJECTION)).toHaveLength(3);
    expect(twice.answer).toBe("crime");
  });

  it("an endpoint with continuation 'none' fails up front with an error naming the endpoint, before any request", async () => {
    const none = fakeModelServices(temp.db, server.baseUrl, { endpoint: { continuation: "none" } });
    try {
      server.setRules([{ match: { continuation: false }, reply: { deltas: HESITANT.map((reasoning) => ({ reasoning })) } }]);
      const failure = intervene({ rules: HESITATION_RULES }, none.services);
      await expect(failure).rejects.toThrow(/Endpoint "default" is configured with continuation "none"/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await none.dispose();
    }
  });
});
