import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateNode } from "../../../server/nodes/generate";
import { promptNode } from "../../../server/nodes/prompt";
import type { NodeEvent } from "../../../server/pipeline/nodeContext";
import type { CompletionValue, MessagesValue } from "../../../server/pipeline/portValues";
import { countChatPromptTokens, countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { NEWS_EXAMPLE, nodeContext, runNode } from "../../support/pipelineFixtures";
import { fakeModelServices, type FakeModelServices } from "../../support/pipelineServices";

const MESSAGES: MessagesValue = {
  messages: [
    { role: "system", content: "Reply with one category." },
    { role: "user", content: "Which category? article: the senate budget vote" },
  ],
  template: "custom",
  stageHeaders: [],
};
const USAGE = { prompt_tokens: 40, completion_tokens: 9, reasoning_tokens: 6 };

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

async function generate(params: Record<string, unknown> = {}, messages: MessagesValue = MESSAGES, events?: NodeEvent[]) {
  const ctx = nodeContext({ example: NEWS_EXAMPLE, services: model.services, seed: 11, nodeId: "gen", events });
  return (await runNode(generateNode, { messages }, params, ctx)).completion as CompletionValue;
}

describe("generate node against an OpenAI-compatible server", () => {
  it("a <think> trace inside the content gives reasoning + answer, usage as reported", async () => {
    server.setRules([{ reply: { content: "<think>The user reads politics.</think>\n\npolitics", usage: USAGE } }]);
    const c = await generate();
    expect(c.reasoning).toBe("The user reads politics.");
    expect(c.answer).toBe("politics");
    expect(c.usage).toEqual({ promptTokens: 40, completionTokens: 9, reasoningTokens: 6, estimated: false });
    expect(c.cacheHit).toBe(false);
    // One plain (non-streamed) request carrying the node's sampling settings and the run's seed.
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0].body;
    expect(body).toMatchObject({ model: "fake-model", messages: MESSAGES.messages, temperature: 0, max_tokens: 2048, seed: 11 });
    expect(server.requests[0].stream).toBe(false);
  });

  it("reasoning_content gives the same split", async () => {
    server.setRules([{ reply: { reasoning: "The user reads politics.", content: "politics", usage: USAGE } }]);
    const c = await generate();
    expect([c.reasoning, c.answer]).toEqual(["The user reads politics.", "politics"]);
    expect(c.usage.reasoningTokens).toBe(6);
  });

  it("streamed: both forms give the same result and the text arrives as partial events", async () => {
    for (const reply of [
      { content: "<think>The user reads politics.</think>politics", usage: USAGE, chunkSize: 5 },
      { reasoning: "The user reads politics.", content: "politics", usage: USAGE, chunkSize: 5 },
    ]) {
      server.reset();
      server.setRules([{ reply }]);
      const events: NodeEvent[] = [];
      const c = await generate({ stream: true }, MESSAGES, events);
      expect([c.reasoning, c.answer]).toEqual(["The user reads politics.", "politics"]);
      expect(c.usage).toEqual({ promptTokens: 40, completionTokens: 9, reasoningTokens: 6, estimated: false });
      expect(server.requests[0].stream).toBe(true);
      const partial = (channel: string) =>
        events
          .filter((e): e is Extract<NodeEvent, { type: "partial" }> => e.type === "partial" && e.channel === channel)
          .map((e) => e.text)
          .join("");
      expect(partial("reasoning")).toBe("The user reads politics.");
      expect(partial("content")).toBe("politics");
      expect(events.every((e) => e.type !== "partial" || e.nodeId === "gen")).toBe(true);
    }
  });

  it("without reported usage the counts are estimated with the tokenizer", async () => {
    server.setRules([{ reply: { reasoning: "The user reads politics.", content: "politics", usage: false } }]);
    const c = await generate();
    expect(c.usage).toEqual({
      promptTokens: countChatPromptTokens(MESSAGES.messages),
      completionTokens: countTokens("The user reads politics.") + countTokens("politics"),
      reasoningTokens: null,
      estimated: true,
    });
  });

  it("an HRT prompt with prefillThink is sent as a continuation of the opened <think> turn", async () => {
    const prompt = (
      await runNode(promptNode, { example: NEWS_EXAMPLE }, { template: "hrt", prefillThink: true }, nodeContext({ example: NEWS_EXAMPLE }))
    ).messages as MessagesValue;
    server.setRules([{ match: { continuation: true }, reply: { content: " the task wants a category.</think>politics", usage: USAGE } }]);
    const c = await generate({}, prompt);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].continuation).toBe("vllm");
    expect(server.requests[0].assistantPrefix).toBe("<think>\nStage 1 - Requirement analysis:");
    // The turn's reasoning covers the prefix we wrote and what the model added.
    expect(c.reasoning).toBe("Stage 1 - Requirement analysis: the task wants a category.");
    expect(c.answer).toBe("politics");
  });
});
