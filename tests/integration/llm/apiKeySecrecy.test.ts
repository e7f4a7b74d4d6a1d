import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicEndpointView } from "../../../server/llm/endpointConfig";
import { collectStream, createLlmClient, type LlmClientEvent } from "../../../server/llm/llmClient";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { FAST_RETRY, TEST_API_KEY, fakeEndpoint, resetLlmProcessState } from "../../support/llmTestSupport";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let server: FakeOpenAiServer;
let temp: TempDatabase;

beforeAll(async () => {
  resetLlmProcessState();
  server = await startFakeOpenAiServer({ requireApiKey: TEST_API_KEY });
  temp = createTempDatabase("llm-secrecy-");
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

const fragments = [TEST_API_KEY, TEST_API_KEY.slice(0, 12), TEST_API_KEY.slice(-12)];
function expectNoKey(text: string): void {
  for (const fragment of fragments) expect(text).not.toContain(fragment);
}

describe("the API key stays on the server", () => {
  it("is sent to the endpoint as a bearer token and appears in no result, event, cache row or view", async () => {
    const events: LlmClientEvent[] = [];
    const llm = createLlmClient({ endpoint: fakeEndpoint(server), db: temp.db, cache: true, retry: FAST_RETRY, onEvent: (e) => events.push(e) });
    const messages = [{ role: "user" as const, content: "hello" }];
    const result = await llm.complete(messages);
    const streamed = await collectStream(llm.stream([{ role: "user", content: "again" }]));
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    const rows = await temp.db.llmCacheEntry.findMany();
    expect(rows.length).toBe(2);
    expectNoKey(JSON.stringify([result, streamed, events, rows, llm.endpoint, llm]));
    expect(llm.endpoint).toMatchObject({ hasApiKey: true, name: "fake" });
    expect(publicEndpointView(fakeEndpoint(server, { apiKey: undefined })).hasApiKey).toBe(false);
  });

  it("is removed from errors even when the server echoes the key it rejected", async () => {
    const wrongKey = `${TEST_API_KEY}-wrong`;
    const events: LlmClientEvent[] = [];
    const llm = createLlmClient({ endpoint: fakeEndpoint(server, { apiKey: wrongKey }), cache: false, onEvent: (e) => events.push(e) });
    const error = (await llm.complete([{ role: "user", content: "hi" }]).catch((e: unknown) => e)) as Error & { kind: string };
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${wrongKey}`);
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("check the API key");
    const everything = JSON.stringify([error.message, error, events, String(error.stack), inspect(error, { depth: 10 })]);
    expectNoKey(everything);
    expect(everything).not.toContain(wrongKey);
  });
});
