import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interveneNode } from "../../../server/nodes/intervene";
import type { CompletionValue, MessagesValue } from "../../../server/pipeline/portValues";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { NEWS_EXAMPLE, nodeContext, runNode } from "../../support/pipelineFixtures";
import { fakeModelServices } from "../../support/pipelineServices";

const MESSAGES: MessagesValue = {
  messages: [{ role: "user", content: "Which category? article: a cached senate vote" }],
  template: "custom",
  stageHeaders: [],
};
// " alpha" is one o200k token; with a 16-token budget checked every 8 tokens the budget rule fires
// once, so every uncached generation makes exactly two requests (cut stream + continuation).
const RULES = { checkEveryTokens: 8, hesitation: { enabled: false }, stages: { enabled: false }, budget: { maxReasoningTokens: 16 } };

let temp: TempDatabase;
let server: FakeOpenAiServer;

beforeAll(async () => {
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer({
    rules: [
      { match: { continuation: false }, reply: { deltas: Array.from({ length: 40 }, () => ({ reasoning: " alpha" })), chunkDelayMs: 2 } },
      { match: { continuation: true }, reply: { content: " politics" } },
    ],
  });
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

async function intervene(useCache: boolean): Promise<CompletionValue> {
  const model = fakeModelServices(temp.db, server.baseUrl, { useCache });
  try {
    const ctx = nodeContext({ example: NEWS_EXAMPLE, services: model.services, seed: 5, nodeId: "rpi", events: [] });
    return (await runNode(interveneNode, { example: NEWS_EXAMPLE, messages: MESSAGES }, { rules: RULES }, ctx)).completion as CompletionValue;
  } finally {
    await model.dispose();
  }
}

describe("intervened generations and the cache", () => {
  it("replays a whole intervened generation on a cached rerun, with no request and every call marked as a hit", async () => {
    const first = await intervene(true);
    expect(server.requests).toHaveLength(2);
    expect(first.interventions?.map((i) => i.rule)).toEqual(["budget"]);
    expect(first.calls?.some((c) => c.cacheHit)).toBe(false);

    const second = await intervene(true);
    expect(server.requests).toHaveLength(2);
    expect(second.answer).toBe(first.answer);
    expect(second.reasoning).toBe(first.reasoning);
    expect(second.interventions).toEqual(first.interventions);
    expect(second.calls?.every((c) => c.cacheHit)).toBe(true);
  });

  it("bypassing the cache generates again", async () => {
    await intervene(false);
    expect(server.requests).toHaveLength(4);
  });
});
