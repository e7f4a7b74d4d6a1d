import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import { loadEndpoints } from "../../../server/settings/endpointStore";
import { SecretBox, secretBoxFromEnvironment } from "../../../server/settings/secretBox";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

const KEY = "sk-test-very-secret-4242";
let temp: TempDatabase;
let server: FakeOpenAiServer;
const env = { STUDIO_SECRET_KEY: "test master key" };

beforeAll(async () => {
  process.env.STUDIO_SECRET_KEY = env.STUDIO_SECRET_KEY;
  temp = createTempDatabase();
  server = await startFakeOpenAiServer({ requireApiKey: KEY, defaultReply: { content: "OK" } });
});
afterAll(async () => {
  delete process.env.STUDIO_SECRET_KEY;
  await server.close();
  await temp.cleanup();
});

describe("model endpoints saved from the settings form", () => {
  it("store the key encrypted, never return it, and use it for requests", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    const saved = await caller.settings.saveEndpoint({
      config: { name: "default", provider: "openai-compatible", baseUrl: server.baseUrl, model: "fake-model", continuation: "vllm" },
      apiKey: KEY,
    });
    expect(saved).toMatchObject({ name: "default", hasApiKey: true });

    // Not in the database in clear text, not in any API answer.
    const raw = new Database(temp.file, { readonly: true });
    const dump = JSON.stringify(raw.prepare(`SELECT * FROM "ModelEndpoint"`).all());
    raw.close();
    expect(dump).not.toContain(KEY);
    const listed = await caller.settings.endpoints();
    expect(JSON.stringify(listed)).not.toContain(KEY);
    expect(listed).toEqual([expect.objectContaining({ name: "default", source: "saved", hasApiKey: true, model: "fake-model" })]);

    // The server side decrypts it: the fake server requires exactly this key.
    const check = await caller.settings.checkEndpoint({ name: "default" });
    expect(check).toMatchObject({ ok: true, answer: "OK" });
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("keeps the stored key when the form leaves it blank, removes it on null", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    const config = { name: "default", provider: "openai-compatible", baseUrl: server.baseUrl, model: "fake-model-2" };
    await caller.settings.saveEndpoint({ config });
    expect((await loadEndpoints(temp.db, env))[0]).toMatchObject({ model: "fake-model-2", apiKey: KEY });
    await caller.settings.saveEndpoint({ config, apiKey: null });
    expect((await loadEndpoints(temp.db, env))[0].apiKey).toBeUndefined();
    const check = await caller.settings.checkEndpoint({ name: "default" });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).not.toContain(KEY);
  });

  it("will not send a stored key somewhere new: changing the URL, headers or file needs the key again or its removal", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    const config = { name: "lab", provider: "openai-compatible", baseUrl: server.baseUrl, model: "m" };
    await caller.settings.saveEndpoint({ config, apiKey: KEY });
    const elsewhere = { ...config, baseUrl: "http://127.0.0.1:9/v1" };
    await expect(caller.settings.saveEndpoint({ config: elsewhere })).rejects.toThrow(/baseUrl changed, so its stored API key would go somewhere new/);
    await expect(caller.settings.saveEndpoint({ config: { ...config, headers: { "x-extra": "1" } } })).rejects.toThrow(/headers changed/);
    const lab = async () => (await loadEndpoints(temp.db, env)).find((e) => e.name === "lab")!;
    expect(await lab()).toMatchObject({ baseUrl: server.baseUrl, apiKey: KEY });
    // Other fields change freely; a new URL with the key entered again, or with the key removed, is saved.
    await caller.settings.saveEndpoint({ config: { ...config, model: "m2" } });
    expect(await lab()).toMatchObject({ model: "m2", apiKey: KEY });
    await caller.settings.saveEndpoint({ config: elsewhere, apiKey: "sk-other" });
    expect(await lab()).toMatchObject({ baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-other" });
    await caller.settings.saveEndpoint({ config: { ...config, baseUrl: server.baseUrl }, apiKey: null });
    expect((await lab()).apiKey).toBeUndefined();
    await caller.settings.deleteEndpoint({ name: "lab" });
  });

  it("Test never echoes what another server answered (no reading internal pages through the studio)", async () => {
    const page = http.createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html>internal admin page: db password hunter2</html>");
    });
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    try {
      const caller = createCaller(createTrpcContext(temp.db));
      const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/v1`;
      await caller.settings.saveEndpoint({ config: { name: "probe", provider: "openai-compatible", baseUrl: url, model: "m", maxRetries: 0 } });
      const check = await caller.settings.checkEndpoint({ name: "probe" });
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.error).toContain("HTTP 404");
        expect(check.error).not.toContain("hunter2");
        expect(check.error).not.toContain("internal admin page");
      }
      await caller.settings.deleteEndpoint({ name: "probe" });
    } finally {
      await new Promise((resolve) => page.close(resolve));
    }
  });

  it("merges environment endpoints, saved ones winning by name, and rejects invalid configs with the field named", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    const merged = await loadEndpoints(temp.db, { ...env, STUDIO_LLM_BASE_URL: "http://127.0.0.1:9/v1", STUDIO_LLM_MODEL: "env-model", STUDIO_LLM_NAME: "lab" });
    expect(merged.map((e) => [e.name, e.model])).toEqual([
      ["default", "fake-model-2"],
      ["lab", "env-model"],
    ]);
    await expect(caller.settings.saveEndpoint({ config: { name: "x", provider: "openai-compatible", model: "m" } })).rejects.toThrow(/baseUrl/);
    await expect(caller.settings.deleteEndpoint({ name: "lab" })).rejects.toThrow(/cannot be deleted here/);
    await caller.settings.deleteEndpoint({ name: "default" });
    expect(await caller.settings.endpoints()).toEqual([]);
  });
});

describe("SecretBox", () => {
  it("round-trips, refuses another master key, and creates an owner-only key file", () => {
    const a = new SecretBox(Buffer.alloc(32, 1));
    const sealed = a.seal("hello");
    expect(sealed).not.toContain("hello");
    expect(a.open(sealed)).toBe("hello");
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed)).toThrow(/cannot be decrypted/);
    const dir = fs.mkdtempSync("/tmp/studio-secret-");
    const box = secretBoxFromEnvironment({}, dir);
    expect(fs.statSync(`${dir}/data/secret.key`).mode & 0o777).toBe(0o600);
    expect(secretBoxFromEnvironment({}, dir).open(box.seal("same key file"))).toBe("same key file");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
