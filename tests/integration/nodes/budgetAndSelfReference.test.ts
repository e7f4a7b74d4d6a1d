import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { thinkBudgetNode } from "../../../server/nodes/thinkBudget";
import { selfReferenceNode } from "../../../server/nodes/selfReference";
import { nodeRegistry } from "../../../server/nodes/registry";
import { assertValidGraph } from "../../../server/pipeline/validateGraph";
import { executeGraph } from "../../../server/pipeline/executeGraph";
import { buildRunItemRecord } from "../../../server/runs/runItemRecord";
import type { CompletionValue, MessagesValue } from "../../../server/pipeline/portValues";
import { countTokens } from "../../../server/llm/tokenCount";
import { LAMP2_NEWS_LABELS } from "../../../server/lamp/officialLabels";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { citationInput, makeExample, modelPipeline, NEWS_EXAMPLE, nodeContext, runNode } from "../../support/pipelineFixtures";
import { fakeModelServices, type FakeModelServices } from "../../support/pipelineServices";

const FORMAT = `exactly one of: ${LAMP2_NEWS_LABELS.join(", ")}`;
const MESSAGES: MessagesValue = {
  messages: [{ role: "user", content: "Which category? article: the senate budget vote" }],
  template: "custom",
  stageHeaders: [],
};
const CITATION = makeExample("LaMP-1", citationInput("Robots that see", "Spelling models", "Robot navigation"), [], "cite-1");
const CITATION_MESSAGES: MessagesValue = { messages: [{ role: "user", content: CITATION.input }], template: "lamp-official", stageHeaders: [] };

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

describe("think-budget node", () => {
  async function budget(params: Record<string, unknown>) {
    const ctx = nodeContext({ example: NEWS_EXAMPLE, services: model.services, seed: 1 });
    return (await runNode(thinkBudgetNode, { example: NEWS_EXAMPLE, messages: MESSAGES }, params, ctx)).completion as CompletionValue;
  }

  it("stops the reasoning at the budget, closes </think> and forces the answer prefix", async () => {
    // " alpha" is one token; the budget is checked every 8 tokens, so it is reached after delta 16.
    server.setRules([
      { match: { continuation: false }, reply: { deltas: Array.from({ length: 60 }, () => ({ reasoning: " alpha" })), chunkDelayMs: 5 } },
      { match: { continuation: true }, reply: { content: " sports" } },
    ]);
    const c = await budget({ budgetTokens: 16, checkEveryTokens: 8, answerPrefix: "Category:" });
    const closing = `Time is up. The answer must be ${FORMAT}.`;
    expect(server.requests.map((r) => r.continuation)).toEqual([null, "vllm"]);
    expect(server.requests[1].assistantPrefix).toBe(`<think>\n${" alpha".repeat(16)}\n\n${closing}\n</think>\n\nCategory:`);
    expect(c.interventions).toEqual([{ rule: "budget", atToken: 16, injected: closing }]);
    expect(c.answer).toBe("Category: sports");
    expect(c.calls).toHaveLength(2);
  });

  it("under the budget nothing happens, and hesitation or stages are never checked", async () => {
    const hesitant = "Wait, politics? Hmm, sports? Alternatively crime. Wait, hmm, alternatively... on second thought";
    server.setRules([{ reply: { reasoning: hesitant, content: "crime", chunkSize: 4 } }]);
    const c = await budget({ budgetTokens: 512, checkEveryTokens: 8 });
    expect(server.requests).toHaveLength(1);
    expect(c.interventions).toEqual([]);
    expect([c.reasoning, c.answer]).toEqual([hesitant, "crime"]);
  });
});

describe("self-reference node (SRM)", () => {
  const RUN_SEED = 5;
  /** Candidates are sampled with seed = run seed + sample index; the reply depends on it. */
  const bySeed =
    (answers: string[], usage = { prompt_tokens: 30, completion_tokens: 5, reasoning_tokens: 3 }) =>
    (req: RecordedRequest) => ({ reasoning: `Candidate with seed ${req.body.seed}.`, content: answers[req.body.seed - RUN_SEED], usage });

  async function srm(example: typeof CITATION, messages: MessagesValue, params: Record<string, unknown>) {
    const ctx = nodeContext({ example, services: model.services, seed: RUN_SEED });
    return (await runNode(selfReferenceNode, { example, messages }, params, ctx)).completion as CompletionValue;
  }

  it('vote: candidates "[1]", "[2]", "[2]" -> "[2]", no synthesis call', async () => {
    server.setRules([{ reply: bySeed(["[1]", "[2]", "[2]"]) }]);
    const c = await srm(CITATION, CITATION_MESSAGES, { mode: "vote", candidates: 3, useIntervention: false });
    expect(c.answer).toBe("[2]");
    expect(c.candidates?.map((x) => x.answer)).toEqual(["[1]", "[2]", "[2]"]);
    // The winner's own output is kept: the first candidate that said [2] (seed 6).
    expect(c.reasoning).toBe("Candidate with seed 6.");
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.body.seed).sort()).toEqual([5, 6, 7]);
    expect(server.requests.every((r) => r.body.temperature === 0.7)).toBe(true);
    expect(c.calls).toHaveLength(3);
  });

  it("vote counts extracted answers: 'I think [2].' and '2' both vote [2]", async () => {
    server.setRules([{ reply: bySeed(["[1]", "The answer is [2].", "2"]) }]);
    const c = await srm(CITATION, CITATION_MESSAGES, { mode: "vote", candidates: 3, useIntervention: false });
    expect(c.answer).toBe("[2]");
  });

  it("vote with intervention streams every candidate", async () => {
    server.setRules([{ reply: bySeed(["[2]", "[1]", "[1]"]) }]);
    const c = await srm(CITATION, CITATION_MESSAGES, { mode: "vote", candidates: 3, useIntervention: true });
    expect(c.answer).toBe("[1]");
    expect(server.requests.every((r) => r.stream)).toBe(true);
    expect(c.interventions).toEqual([]);
  });

  it("synthesize: the synthesis request lists the candidates; token totals add up all four calls", async () => {
    server.setRules([
      {
        match: { lastUserIncludes: "You answered the task above" },
        reply: { reasoning: "Two of three say politics.", content: "politics", usage: { prompt_tokens: 50, completion_tokens: 2, reasoning_tokens: 0 } },
      },
      { reply: bySeed(["politics", "sports", "politics"]) },
    ]);
    // Through the executor and the run-item builder, as a run stores it.
    const graph = assertValidGraph(
      modelPipeline({ kind: "self-reference", params: { mode: "synthesize", candidates: 3, useIntervention: false } }, { template: "rag-chat" }),
      nodeRegistry,
      { requireScoreNode: true },
    );
    const result = await executeGraph(graph, { example: NEWS_EXAMPLE, gold: "politics", services: model.services, seed: RUN_SEED });
    const completion = result.outputs.model.completion as CompletionValue;

    expect(server.requests).toHaveLength(4);
    const synthesis = server.requests.find((r) => r.lastUserMessage?.includes("You answered the task above"))!;
    expect(synthesis.index).toBe(3); // after all three candidates
    // The synthesis request continues the prompt's user turn (roles must alternate for DeepSeek).
    const prompt = (result.outputs.prompt.messages as MessagesValue).messages;
    expect(synthesis.lastUserMessage).toBe(
      [
        prompt[prompt.length - 1]!.content,
        "",
        "You answered the task above 3 times independently. Your candidate answers were:",
        "[1] politics\n[2] sports\n[3] politics",
        `Compare them against the user's past items and give the single final answer that is most consistent with this user. Reply with ${FORMAT} only.`,
      ].join("\n"),
    );
    // The synthesis sees the original prompt, then its own request, at the synthesis temperature.
    expect(synthesis.body.messages.slice(0, -1)).toEqual(prompt.slice(0, -1));
    expect(synthesis.body.temperature).toBe(0);

    expect(completion.answer).toBe("politics");
    expect(completion.candidates).toHaveLength(3);
    expect(completion.calls).toHaveLength(4);
    // The final reasoning is the synthesis call's; each candidate keeps its own thread (never a concatenation).
    expect(completion.reasoning).toBe("Two of three say politics.");
    expect(completion.trace?.threads.map((t) => [t.role, t.index, t.answer])).toEqual([
      ["candidate", 0, "politics"],
      ["candidate", 1, "sports"],
      ["candidate", 2, "politics"],
      ["synthesis", 0, "politics"],
    ]);
    expect(completion.trace?.threads[1]!.spans).toEqual([{ source: "model", text: "Candidate with seed 6.", call: 0 }]);

    // 3 candidates x (30 prompt, 5 completion, 3 reasoning) + synthesis (50, 2, 0).
    const record = buildRunItemRecord(graph, result.outputs);
    expect([record.promptTokens, record.completionTokens, record.reasoningTokens]).toEqual([3 * 30 + 50, 3 * 5 + 2, 3 * 3]);
    expect(record.answer).toBe("politics");
    expect(JSON.parse(record.metricsJson)).toEqual({ correct: 1, "raw.correct": 1 });
    expect(record.cacheHit).toBe(false);
  });
});
