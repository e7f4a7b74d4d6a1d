/** `cli run` exits 1 when items failed (the run is kept, resumable), 0 with --allow-failed. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run as runCommand } from "../../../cli/commands/run";
import { countTokens } from "../../../server/llm/tokenCount";
import { captureConsole } from "../../support/captureConsole";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";

const ENV = ["DATABASE_URL", "STUDIO_LLM_BASE_URL", "STUDIO_LLM_MODEL", "STUDIO_LLM_CONTINUATION", "STUDIO_LLM_MAX_RETRIES"] as const;
const previous = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "studio-cli-exit-"));
let server: FakeOpenAiServer;

beforeAll(async () => {
  countTokens("warm up");
  server = await startFakeOpenAiServer();
  Object.assign(process.env, {
    DATABASE_URL: `file:${path.join(work, "cli.db")}`,
    STUDIO_LLM_BASE_URL: server.baseUrl,
    STUDIO_LLM_MODEL: "fake-model",
    STUDIO_LLM_CONTINUATION: "none",
    STUDIO_LLM_MAX_RETRIES: "0",
  });
});
afterAll(async () => {
  for (const [k, v] of Object.entries(previous)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function runWithOneFailure(extra: string[]) {
  server.reset();
  // The first request is refused (400: not retried), the others answered: 1 item fails, 2 are done.
  server.setRules([{ reply: (r) => (r.index === 0 ? { kind: "error", status: 400, message: "bad request" } : { content: "sports" }) }]);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return await captureConsole(() =>
      runCommand(["--pipeline", "lamp-no-profile", "--dataset", "LaMP-2N sample (dev)", "--limit", "3", "--concurrency", "1", "--no-cache", ...extra]),
    );
  } finally {
    stderr.mockRestore();
  }
}

describe("cli run exit status", () => {
  it("is 1 for a completed run with a failed item", async () => {
    const ran = await runWithOneFailure([]);
    expect(ran.out).toMatch(/completed \(2 done, 1 failed/);
    expect(ran.code).toBe(1);
  });

  it("is 0 for the same run with --allow-failed", async () => {
    const ran = await runWithOneFailure(["--allow-failed"]);
    expect(ran.out).toMatch(/completed \(2 done, 1 failed/);
    expect(ran.code).toBe(0);
  });
});
