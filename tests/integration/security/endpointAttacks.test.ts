// Issue 10, part 4: model endpoints that cannot be turned against their owner. Each test repeats an
// attack (through the endpoint store the settings API calls, the provider, the CLI) and shows it fails,
// with the reason it gives.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import Database from "better-sqlite3";
import { run as exportCommand } from "../../../cli/commands/export";
import { run as runCommand } from "../../../cli/commands/run";
import { getDb } from "../../../server/db/client";
import { UserInputError } from "../../../server/errors";
import { createLlmClient } from "../../../server/llm/llmClient";
import { parseEndpointConfig } from "../../../server/llm/endpointConfig";
import { countTokens } from "../../../server/llm/tokenCount";
import { checkEndpoint } from "../../../server/settings/endpointCheck";
import { listEndpoints, loadEndpoints, saveEndpoint } from "../../../server/settings/endpointStore";
import { captureConsole } from "../../support/captureConsole";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { writeTinyGguf } from "../../support/tinyGguf";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "endpoint-attacks-"));
const modelsDir = path.join(work, "models");
const env = { STUDIO_SECRET_KEY: "attack test master key", STUDIO_MODELS_DIR: modelsDir };
let temp: TempDatabase;

beforeAll(() => {
  fs.mkdirSync(modelsDir);
  temp = createTempDatabase();
});
afterAll(async () => {
  await temp.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** What saving a local GGUF endpoint at `modelPath` answers: "saved", or the refusal's message. */
async function saveLocalModel(modelPath: string): Promise<string> {
  try {
    await saveEndpoint(temp.db, { config: { name: "local", provider: "local-gguf", modelPath } }, env);
    return "saved";
  } catch (err) {
    expect(err).toBeInstanceOf(UserInputError);
    return (err as Error).message;
  }
}

describe("local GGUF endpoints cannot read the server's files", () => {
  it("a GGUF path outside STUDIO_MODELS_DIR is refused without revealing whether it exists", async () => {
    const secretFile = path.join(work, "secret.txt");
    fs.writeFileSync(secretFile, "root:$6$hash-of-the-root-password:19000:0:99999:7:::\n");
    const existing = await saveLocalModel(secretFile);
    const missing = await saveLocalModel(path.join(work, "no-such-file.txt"));
    expect(existing).toContain(`is not under the models folder ${modelsDir} (STUDIO_MODELS_DIR)`);
    // The same answer for a file that exists and one that does not, and nothing of the content.
    expect(existing.replace(secretFile, "<path>")).toBe(missing.replace(path.join(work, "no-such-file.txt"), "<path>"));
    for (const message of [existing, await saveLocalModel("/etc/shadow"), await saveLocalModel(`${modelsDir}/../secret.txt`)]) {
      expect(message).toMatch(/STUDIO_MODELS_DIR/);
      expect(message).not.toMatch(/root|hash|got "/);
    }
    expect(await temp.db.modelEndpoint.count({ where: { name: "local" } })).toBe(0);
  });

  it("a symlink inside STUDIO_MODELS_DIR that leads out of it is refused like a path outside it", async () => {
    const link = path.join(modelsDir, "shadow.gguf");
    fs.symlinkSync("/etc/shadow", link);
    const message = await saveLocalModel(link);
    expect(message).toContain("is not under the models folder");
    expect(message).not.toContain("root");
  });

  it("the studio's database and its -wal, -shm and -journal files are refused as model files, before they are opened", async () => {
    // A hard link keeps the path inside the folder: the file is recognised by device and inode.
    const dbLink = path.join(modelsDir, "studio-db.gguf");
    fs.linkSync(temp.file, dbLink);
    expect(await saveLocalModel(dbLink)).toMatch(/is the studio's own database/);
    // The database's own folder as models folder, each sibling that exists (SQLite creates them as it goes).
    const dbDir = path.dirname(temp.file);
    for (const file of [temp.file, ...["-wal", "-shm", "-journal"].map((s) => temp.file + s).filter((f) => fs.existsSync(f))]) {
      await expect(saveEndpoint(temp.db, { config: { name: "local", provider: "local-gguf", modelPath: file } }, { ...env, STUDIO_MODELS_DIR: dbDir })).rejects.toThrow(
        /is the studio's own database/,
      );
    }
    // The database still takes writes and reads them back.
    await temp.db.modelEndpoint.create({ data: { name: "after-db-probe", configJson: "{}" } });
    expect(await temp.db.modelEndpoint.findUnique({ where: { name: "after-db-probe" } })).not.toBeNull();
    await temp.db.modelEndpoint.delete({ where: { name: "after-db-probe" } });
  });

  it("a file without the GGUF magic, or a folder, is refused without quoting what it holds", async () => {
    const fake = path.join(modelsDir, "passwords.gguf");
    fs.writeFileSync(fake, "root:hunter2\n");
    const message = await saveLocalModel(fake);
    expect(message).toMatch(/is not a GGUF model file/);
    expect(message).not.toMatch(/root|hunter2/);
    fs.mkdirSync(path.join(modelsDir, "folder.gguf"));
    expect(await saveLocalModel(path.join(modelsDir, "folder.gguf"))).toMatch(/is not a regular file/);
    expect(await saveLocalModel(path.join(modelsDir, "absent.gguf"))).toMatch(/does not exist in the models folder/);
  });

  it("a real GGUF file under STUDIO_MODELS_DIR is saved", async () => {
    const model = writeTinyGguf(path.join(modelsDir, "tiny.gguf"));
    expect(await saveLocalModel(model)).toBe("saved");
    expect((await loadEndpoints(temp.db, env)).find((e) => e.name === "local")).toMatchObject({ provider: "local-gguf", modelPath: model });
  });

  it("the provider refuses a model file outside STUDIO_MODELS_DIR when it loads it, however the endpoint was configured", async () => {
    const previous = process.env.STUDIO_MODELS_DIR;
    process.env.STUDIO_MODELS_DIR = modelsDir;
    // As STUDIO_LLM_GGUF_PATH would configure it: never saved, so never checked by the store.
    const client = createLlmClient({ endpoint: parseEndpointConfig({ name: "env-local", provider: "local-gguf", modelPath: "/etc/shadow", maxRetries: 0 }), cache: false });
    try {
      const failure = client.complete([{ role: "user", content: "hi" }], { maxTokens: 4 });
      await expect(failure).rejects.toThrow(/is not under the models folder .* \(STUDIO_MODELS_DIR\)/);
      await expect(failure).rejects.not.toThrow(/root|got "/);
    } finally {
      await client.dispose();
      if (previous === undefined) delete process.env.STUDIO_MODELS_DIR;
      else process.env.STUDIO_MODELS_DIR = previous;
    }
  });
});

describe("header values are secrets at rest", () => {
  const HEADER_SECRET = "azure-header-secret-0123456789";
  const KEY = "sk-attack-test-key-4242";
  const config = { name: "azure", provider: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1", model: "m", headers: { "api-key": HEADER_SECRET } };
  const rawRows = () => {
    const raw = new Database(temp.file, { readonly: true });
    try {
      return JSON.stringify(raw.prepare(`SELECT * FROM "ModelEndpoint"`).all());
    } finally {
      raw.close();
    }
  };

  it("a stolen database file shows the header names but no header value", async () => {
    await saveEndpoint(temp.db, { config, apiKey: KEY }, env);
    const dump = rawRows();
    expect(dump).toContain("api-key");
    expect(dump).not.toContain(HEADER_SECRET);
    expect(dump).not.toContain(KEY);
    // The server side decrypts them for its requests.
    expect((await loadEndpoints(temp.db, env)).find((e) => e.name === "azure")).toMatchObject({ headers: { "api-key": HEADER_SECRET }, apiKey: KEY });
  });

  it("the settings API never sends a header value back to the browser, only names and flags", async () => {
    const saved = await saveEndpoint(temp.db, { config, apiKey: KEY }, env);
    const listed = (await listEndpoints(temp.db, env)).find((e) => e.name === "azure")!;
    for (const answer of [saved, listed]) {
      expect(JSON.stringify(answer)).not.toContain(HEADER_SECRET);
      expect(JSON.stringify(answer)).not.toContain(KEY);
      expect(answer).toMatchObject({ headerNames: ["api-key"], hasApiKey: true });
    }
  });

  it("re-saving the same header values keeps the stored key, a changed value still needs it again (values compared decrypted)", async () => {
    await saveEndpoint(temp.db, { config, apiKey: KEY }, env);
    await saveEndpoint(temp.db, { config: { ...config, maxConcurrency: 2 } }, env);
    expect((await loadEndpoints(temp.db, env)).find((e) => e.name === "azure")).toMatchObject({ maxConcurrency: 2, apiKey: KEY });
    await expect(saveEndpoint(temp.db, { config: { ...config, headers: { "api-key": "another" } } }, env)).rejects.toThrow(/headers changed/);
  });

  it("an endpoint saved before header values were encrypted still reads, and is encrypted when saved again", async () => {
    await temp.db.modelEndpoint.create({ data: { name: "legacy", configJson: JSON.stringify({ ...config, name: "legacy" }) } });
    expect(rawRows()).toContain(HEADER_SECRET);
    expect((await loadEndpoints(temp.db, env)).find((e) => e.name === "legacy")).toMatchObject({ headers: { "api-key": HEADER_SECRET } });
    await saveEndpoint(temp.db, { config: { ...config, name: "legacy" } }, env);
    expect(rawRows()).not.toContain(HEADER_SECRET);
    expect((await loadEndpoints(temp.db, env)).find((e) => e.name === "legacy")).toMatchObject({ headers: { "api-key": HEADER_SECRET } });
  });
});

describe("URL credentials never leave the server", () => {
  const USER = "alice-lab";
  const PASSWORD = "pw-S3cret-77";
  const withCredentials = (baseUrl: string) => baseUrl.replace("http://", `http://${USER}:${PASSWORD}@`);
  const ENV = ["DATABASE_URL", "STUDIO_LLM_BASE_URL", "STUDIO_LLM_MODEL", "STUDIO_LLM_CONTINUATION", "STUDIO_LLM_MAX_RETRIES", "STUDIO_SECRET_KEY"] as const;
  const previous = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  let server: FakeOpenAiServer;

  beforeAll(async () => {
    countTokens("warm up");
    server = await startFakeOpenAiServer();
    Object.assign(process.env, {
      DATABASE_URL: `file:${path.join(work, "cli.db")}`,
      STUDIO_LLM_MODEL: "fake-model",
      STUDIO_LLM_CONTINUATION: "none",
      STUDIO_LLM_MAX_RETRIES: "0",
      STUDIO_SECRET_KEY: env.STUDIO_SECRET_KEY,
    });
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server.close();
  });

  /**
   * Runs the no-profile baseline from the CLI against the STUDIO_LLM_* endpoint at `baseUrl`, exports
   * the run's bundle and presses Test: everything the studio wrote about the failure, as one text.
   */
  async function failAgainst(baseUrl: string) {
    process.env.STUDIO_LLM_BASE_URL = baseUrl;
    // The run command writes failed items and progress straight to stderr.
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const ran = await captureConsole(() => runCommand(["--pipeline", "lamp-no-profile", "--dataset", "LaMP-2N sample (dev)", "--limit", "2", "--no-cache"])).finally(() =>
      stderr.mockRestore(),
    );
    expect(written.join("")).toContain("example ");
    expect(ran.code).toBe(1);
    const runId = /Run (\S+): \d+ examples/.exec(ran.err)![1];
    const items = await getDb().runItem.findMany({ where: { runId } });
    expect(items.map((i) => i.status)).toEqual(["failed", "failed"]);
    const bundleFile = path.join(work, `${runId}.json`);
    const exported = await captureConsole(() => exportCommand(["--run", runId, "--bundle", "--out", bundleFile]));
    expect(exported.code).toBe(0);
    const check = await checkEndpoint(getDb(), "default");
    expect(check.ok).toBe(false);
    const itemError = items[0].error!;
    const everything = [ran.out, ran.err, written.join(""), ...items.map((i) => i.error), fs.readFileSync(bundleFile, "utf8"), exported.out, exported.err, JSON.stringify(check)].join("\n");
    return { itemError, check: check.ok ? "" : check.error, everything };
  }

  it("an endpoint URL with credentials that refuses the connection shows no credential in the item error, the bundle, the CLI output or the Test result", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failed = await failAgainst(withCredentials(`http://127.0.0.1:${port}/v1`));
    expect(failed.itemError).toMatch(new RegExp(`connection failed.*`));
    expect(failed.itemError).toContain(`http://***@127.0.0.1:${port}/v1`);
    expect(failed.check).toMatch(/connection failed/);
    expect(failed.everything).not.toContain(PASSWORD);
    expect(failed.everything).not.toContain(USER);
  });

  it("an endpoint URL with credentials answered HTTP 500 (whose body quotes the URL) shows no credential anywhere; the credentials went as Basic auth", async () => {
    const url = withCredentials(server.baseUrl);
    server.setRules([{ reply: { kind: "error", status: 500, message: `upstream ${url} is down` } }]);
    const failed = await failAgainst(url);
    expect(failed.itemError).toMatch(/HTTP 500/);
    expect(failed.itemError).toContain(`upstream http://***@127.0.0.1:`);
    expect(failed.check).toMatch(/answered HTTP 500/);
    expect(failed.everything).not.toContain(PASSWORD);
    expect(failed.everything).not.toContain(USER);
    // The request reached the server without the credentials in its line, and with them as a header.
    const chat = server.requestsTo("/v1/chat/completions");
    expect(chat.length).toBeGreaterThan(0);
    expect(chat.every((r) => r.headers.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`)).toBe(true);
  });
});
