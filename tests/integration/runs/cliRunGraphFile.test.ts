/** `cli run --pipeline FILE` checks the graph (for a run, against this studio's endpoints) before it stores anything. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as runCommand } from "../../../cli/commands/run";
import { getDb } from "../../../server/db/client";
import { findTemplate } from "../../../server/pipelines/templates";
import { prepareDatabase } from "../../../server/samples/prepareDatabase";
import { captureConsole } from "../../support/captureConsole";
import { tableCounts } from "../../support/tableCounts";

const ENV = ["DATABASE_URL", "STUDIO_LLM_BASE_URL", "STUDIO_LLM_MODEL"] as const;
const previous = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "studio-cli-graph-"));

beforeAll(async () => {
  // One configured model endpoint ("default"); nothing is called: every graph here is refused first.
  Object.assign(process.env, { DATABASE_URL: `file:${path.join(work, "cli.db")}`, STUDIO_LLM_BASE_URL: "http://127.0.0.1:9/v1", STUDIO_LLM_MODEL: "m" });
  await prepareDatabase();
});
afterAll(() => {
  for (const [k, v] of Object.entries(previous)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(work, { recursive: true, force: true });
});

function graphFile(name: string, change: (g: any) => void): string {
  const graph = structuredClone(findTemplate("rag-k4")!.graph) as any;
  change(graph);
  const file = path.join(work, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(graph));
  return file;
}

describe("cli run --pipeline FILE", () => {
  it("refuses a graph that would fail every item, naming the node and parameter, and stores no pipeline", async () => {
    const cases: [string, RegExp][] = [
      [graphFile("typo-endpoint", (g) => (g.nodes.find((n: any) => n.id === "generate").params.endpoint = "sim-r1-typo")), /Node "generate" \(generate\): parameter endpoint: the model endpoint "sim-r1-typo" is not configured/],
      [graphFile("custom-no-user", (g) => (g.nodes.find((n: any) => n.id === "prompt").params = { template: "custom" })), /Node "prompt" \(prompt\): parameter userText: the custom template needs a user text/],
      [graphFile("no-score", (g) => ((g.nodes = g.nodes.filter((n: any) => n.kind !== "score")), (g.edges = g.edges.filter((e: any) => e.to.node !== "score")))), /needs a score node/],
    ];
    for (const [file, error] of cases) {
      const before = await tableCounts(getDb());
      await expect(captureConsole(() => runCommand(["--pipeline", file, "--dataset", "LaMP-7 sample (dev)", "--limit", "1"]))).rejects.toThrow(error);
      expect(await tableCounts(getDb())).toEqual(before);
      expect(await getDb().pipeline.count({ where: { name: path.basename(file, ".json") } })).toBe(0);
    }
  });
});
