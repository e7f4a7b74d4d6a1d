// `npm run cli -- experiment`, in-process against a temporary database (DATABASE_URL) and the fake
// server as the STUDIO_LLM_* model: a built-in study from the command line, its size first, then
// its cells and contrasts; --size alone creates nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureConsole } from "../../support/captureConsole";
import { run as experimentRun } from "../../../cli/commands/experiment";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";


const ENV = ["DATABASE_URL", "STUDIO_LLM_BASE_URL", "STUDIO_LLM_MODEL", "STUDIO_LLM_CONTINUATION", "STUDIO_LLM_MAX_CONCURRENCY", "STUDIO_SECRET_KEY"] as const;

describe("cli experiment", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-experiment-"));
  const previous = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    countTokens("warm up");
    server = await startFakeOpenAiServer({ defaultReply: { reasoning: "The user writes about the senate.", content: "politics" } });
    Object.assign(process.env, {
      DATABASE_URL: `file:${path.join(dir, "cli.db")}`,
      STUDIO_LLM_BASE_URL: server.baseUrl,
      STUDIO_LLM_MODEL: "fake-r1",
      STUDIO_LLM_CONTINUATION: "vllm",
      STUDIO_LLM_MAX_CONCURRENCY: "8",
      STUDIO_SECRET_KEY: "cli test key",
    });
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("--size prints runs x items x model calls and creates nothing; a study runs to its table of cells and contrasts", async () => {
    const size = await captureConsole(() => experimentRun(["--study", "reaper-ablation", "--dataset", "LaMP-2N sample (dev)", "--limit", "2", "--size"]));
    expect(size.code).toBe(0);
    // 5 variants x 2 examples. Per item, fewest-most: full and -HRT 3 candidates + synthesis = 4, up to 3 x (1 + 3
    // soft + 1 budget continuations) + 1 = 16; -RPI 4; -SRM 1 to 5; vanilla 1. (4+4+4+1+1) x 2 = 28, (16+16+4+5+1) x 2 = 84.
    expect(size.err).toContain("5 runs, 10 items, 28–84 model calls (before the cache).");
    expect(server.requests).toHaveLength(0);

    const result = await captureConsole(() => experimentRun(["--study", "reaper-ablation", "--dataset", "LaMP-2N sample (dev)", "--limit", "2"]));
    expect(result.err).toMatch(/Experiment \S+ created\./u);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/"ReaPer ablation": completed, 5 runs/u);
    for (const label of ["full", "− HRT", "− RPI", "− SRM", "vanilla"]) expect(result.out).toMatch(new RegExp(`^${label} +\\d`, "mu"));
    expect(result.out).toMatch(/^ {2}ablation=vanilla vs full: [+-]\d\.\d{4} \[/mu);
    // One request per model call the cells made, all to the STUDIO_LLM_* model.
    expect(server.requests.every((r) => r.body.model === "fake-r1")).toBe(true);
  });
});
