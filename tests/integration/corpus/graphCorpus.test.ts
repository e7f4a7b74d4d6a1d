/**
 * Issue 11's corpus of bad graphs. Each is checked twice, as the editor's live validation and a run
 * see it (validateGraph with the studio's endpoint names) and as `cli run --pipeline FILE` takes it
 * (resolvePipelineVersion): both name the problem, and the file is refused before anything is
 * stored, so every table's row count stays as it was.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePipelineVersion } from "../../../cli/references";
import { nodeRegistry } from "../../../server/nodes/registry";
import type { EndpointNames } from "../../../server/pipeline/endpointRequests";
import { validateGraph } from "../../../server/pipeline/validateGraph";
import { findTemplate } from "../../../server/pipelines/templates";
import { newTally, printTally, tableCounts } from "../../support/tableCounts";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

/** The endpoints this corpus's studio has: one saved model endpoint ("default" resolves to it) and one embeddings endpoint. */
const ENDPOINTS: EndpointNames = { models: ["lab", "default"], embeddings: ["embedder"] };

let temp: TempDatabase;
let dir: string;
beforeAll(() => {
  temp = createTempDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "graph-corpus-"));
});
afterAll(async () => {
  await temp.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** rag-k4 (example, retrieve, prompt, generate, extract, score) or another template, with `change` applied. */
function graph(change: (g: any) => void, template = "rag-k4"): unknown {
  const g = structuredClone(findTemplate(template)!.graph) as any;
  change(g);
  return g;
}
const node = (g: any, id: string) => g.nodes.find((n: any) => n.id === id);
const edge = (from: string, to: string) => {
  const [fn, fp] = from.split(".");
  const [tn, tp] = to.split(".");
  return { from: { node: fn, port: fp }, to: { node: tn, port: tp } };
};

/** A case is a graph, or the text of a graph file (for what JSON.stringify cannot write). */
type Case = { name: string; error: RegExp } & ({ graph: () => unknown } | { text: () => string });

const CASES: Case[] = [
  { name: "not an object", graph: () => "a pipeline", error: /Graph document .*expected object, received string/ },
  { name: "an array", graph: () => [graph(() => {})], error: /expected object, received array/ },
  { name: "schema version 2", graph: () => graph((g) => (g.schemaVersion = 2)), error: /at schemaVersion: Invalid input: expected 1/ },
  { name: "no nodes", graph: () => graph((g) => ((g.nodes = []), (g.edges = []))), error: /a pipeline needs at least one node/ },
  { name: "a node id with a space", graph: () => graph((g) => (g.nodes[0].id = "the example")), error: /node ids use letters, digits/ },
  { name: "a node id used twice", graph: () => graph((g) => g.nodes.push({ ...g.nodes[0] })), error: /Node id "example" is used twice/ },
  { name: "an unknown node kind", graph: () => graph((g) => (node(g, "generate").kind = "teleport")), error: /Node "generate" \(teleport\): unknown node kind "teleport"/ },
  { name: "an unknown node version", graph: () => graph((g) => (node(g, "generate").version = 9)), error: /version 9 does not exist \(known: 1\)/ },
  { name: "node version 0", graph: () => graph((g) => (node(g, "generate").version = 0)), error: /at nodes\.3\.version: Too small/ },
  { name: "an edge from a missing node", graph: () => graph((g) => g.edges.push(edge("ghost.items", "prompt.items"))), error: /node "ghost" does not exist/ },
  { name: "an edge to a missing port", graph: () => graph((g) => (g.edges[0].from.port = "nope")), error: /example has no output "nope" \(outputs: example\)/ },
  { name: "an edge without a port", graph: () => graph((g) => (g.edges[0].to.port = "")), error: /at edges\.0\.to\.port: Too small/ },
  { name: "a type mismatch", graph: () => graph((g) => g.edges.push(edge("retrieve.items", "extract.completion"))), error: /Edge retrieve.items -> extract.completion: a items output cannot feed a completion input/ },
  { name: "an input connected twice", graph: () => graph((g) => g.edges.push(edge("example.example", "prompt.example"))), error: /Node "prompt" input "example" is connected more than once/ },
  { name: "a required input left open", graph: () => graph((g) => (g.edges = g.edges.filter((e: any) => e.to.node !== "score" || e.to.port !== "answer"))), error: /Node "score" \(score\): required input "answer" \(answer\) is not connected/ },
  { name: "no score node", graph: () => graph((g) => ((g.nodes = g.nodes.filter((n: any) => n.kind !== "score")), (g.edges = g.edges.filter((e: any) => e.to.node !== "score")))), error: /needs a score node/ },
  { name: "two score nodes", graph: () => graph((g) => (g.nodes.push({ ...node(g, "score"), id: "score2" }), g.edges.push(edge("example.example", "score2.example"), edge("extract.answer", "score2.answer")))), error: /exactly one score node \(found 2: score, score2\)/ },
  { name: "a parameter named constructor", graph: () => graph((g) => (node(g, "retrieve").params.constructor = { prototype: { polluted: true } })), error: /"constructor" is a reserved name/ },
  { name: "a __proto__ key in a parameter", text: () => JSON.stringify(graph(() => {})).replace('"params":{"method"', '"params":{"__proto__":{"polluted":true},"method"'), error: /"__proto__" is a reserved name/ },
  { name: "a misspelt parameter", graph: () => graph((g) => (node(g, "generate").params.maxToken = 512)), error: /Node "generate" \(generate\): unknown parameter "maxToken" \(parameters: endpoint, temperature, .*stream\)/ },
  { name: "a misspelt nested parameter", graph: () => graph((g) => (node(g, "srm").params.rules = { hesitation: { markrs: ["hmm"] } }), "reaper"), error: /Node "srm" \(self-reference\): unknown parameter "rules\.hesitation\.markrs"/ },
  { name: "a 10 MB unknown parameter", graph: () => graph((g) => (node(g, "generate").params.blob = "x".repeat(10 * 1024 * 1024))), error: /at nodes\[3\]\.params\.blob: a text of 10485760 characters \(at most 20000\)/ },
  { name: "maxTokens 1e15", graph: () => graph((g) => (node(g, "generate").params.maxTokens = 1e15)), error: /Node "generate" \(generate\): parameter maxTokens: Too big: expected number to be <=1000000/ },
  { name: "temperature 5", graph: () => graph((g) => (node(g, "generate").params.temperature = 5)), error: /parameter temperature: Too big/ },
  { name: "a negative seed", graph: () => graph((g) => (node(g, "generate").params.seed = -1)), error: /parameter seed: Too small/ },
  { name: "retrieving 1,000 items", graph: () => graph((g) => (node(g, "retrieve").params.k = 1000)), error: /Node "retrieve" \(retrieve\): parameter k: Too big/ },
  { name: "an unknown retrieval method", graph: () => graph((g) => (node(g, "retrieve").params.method = "tfidf")), error: /parameter method: Invalid option/ },
  { name: "a budget of 1e12 reasoning tokens", graph: () => graph((g) => (node(g, "srm").params.rules = { budget: { maxReasoningTokens: 1e12 } }), "reaper"), error: /parameter rules\.budget\.maxReasoningTokens: Too big/ },
  { name: "a custom template without user text", graph: () => graph((g) => (node(g, "prompt").params = { template: "custom", systemText: "Answer." })), error: /Node "prompt" \(prompt\): parameter userText: the custom template needs a user text/ },
  { name: "an unknown template variable", graph: () => graph((g) => (node(g, "prompt").params = { template: "custom", userText: "{{input}} for {{userName}}" })), error: /parameter userText: unknown template variable \{\{userName\}\}/ },
  { name: "HRT without stages but with its own instruction", graph: () => graph((g) => (node(g, "prompt").params = { template: "hrt", stageInstructions: false, systemText: "Mine." })), error: /parameter stageInstructions: "stageInstructions: false" removes the stages/ },
  { name: "two HRT stage headers", graph: () => graph((g) => (node(g, "prompt").params = { template: "hrt", stageHeaders: ["a", "b"] })), error: /parameter stageHeaders: Too small/ },
  { name: "an unknown model endpoint", graph: () => graph((g) => (node(g, "generate").params.endpoint = "sim-r1-typo")), error: /Node "generate" \(generate\): parameter endpoint: the model endpoint "sim-r1-typo" is not configured \(configured: lab, default\)/ },
  { name: "an unknown embeddings endpoint", graph: () => graph((g) => Object.assign(node(g, "retrieve").params, { method: "dense", embeddingEndpoint: "nope" })), error: /Node "retrieve" \(retrieve\): parameter embeddingEndpoint: the embeddings endpoint "nope" is not configured \(configured: embedder\)/ },
  { name: "dense retrieval on the unset default embeddings", graph: () => graph((g) => (node(g, "retrieve").params.method = "dense")), error: /embeddings endpoint "default" is not configured .*STUDIO_EMBEDDINGS_BASE_URL/ },
  { name: "20,000 nodes", graph: () => graph((g) => g.nodes.push(...Array.from({ length: 20_000 }, (_, i) => ({ id: `n${i}`, kind: "example", version: 1 })))), error: /Graph document: \d+ characters as JSON \(at most 1000000\)|at most 200 nodes/ },
  { name: "201 nodes", graph: () => graph((g) => g.nodes.push(...Array.from({ length: 195 }, (_, i) => ({ id: `n${i}`, kind: "example", version: 1 })))), error: /at nodes: a pipeline has at most 200 nodes/ },
  { name: "1,001 edges", graph: () => graph((g) => g.edges.push(...Array.from({ length: 1001 - g.edges.length }, () => edge("example.example", "prompt.example")))), error: /at edges: a pipeline has at most 1000 edges/ },
  { name: "100,000-level nesting in a parameter", text: () => JSON.stringify(graph((g) => (node(g, "generate").params.x = "DEEP"))).replace('"DEEP"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`), error: /params\.x(\[0\])+\.\.\. \(16 levels down\): nested deeper than 16 levels/ },
  { name: "a label of 500 characters", graph: () => graph((g) => (g.nodes[0].label = "l".repeat(500))), error: /at nodes\.0\.label: Too big/ },
  { name: "a position at 1e12", graph: () => graph((g) => (g.nodes[0].position = { x: 1e12, y: 0 })), error: /at nodes\.0\.position\.x: Too big/ },
  { name: "a key of 300 characters", graph: () => graph((g) => (node(g, "score").params.failureModes = { ["k".repeat(300)]: 1 })), error: /a key of 300 characters \(at most 200\)/ },
];

describe("the bad-graph corpus", () => {
  it(`refuses each of ${CASES.length} bad graphs, in the editor's validation and from a graph file, before anything is stored`, { timeout: 120_000 }, async () => {
    const tally = newTally();
    const misses: string[] = [];
    for (const [i, c] of CASES.entries()) {
      tally.tried += 1;
      const text = "text" in c ? c.text() : JSON.stringify(c.graph());
      const file = path.join(dir, `case-${i}.json`);
      fs.writeFileSync(file, text);
      // The editor's live validation (pipelines.validate) and run creation: the same rules.
      const validation = validateGraph(JSON.parse(text), nodeRegistry, { requireScoreNode: true, endpoints: ENDPOINTS });
      const validationMessage = validation.ok ? "(valid)" : validation.issues.map((issue) => issue.message).join("\n");
      const before = await tableCounts(temp.db);
      let fileMessage = "(stored)";
      try {
        await resolvePipelineVersion(temp.db, file, { endpoints: ENDPOINTS });
      } catch (err) {
        fileMessage = err instanceof Error ? err.message : String(err);
      }
      const clear = c.error.test(validationMessage) && c.error.test(fileMessage) && fileMessage.startsWith(`${file} cannot run:`);
      const unchanged = JSON.stringify(await tableCounts(temp.db)) === JSON.stringify(before);
      if (clear) tally.clearError += 1;
      if (unchanged) tally.unchanged += 1;
      if (!clear || !unchanged) misses.push(`${c.name}: ${clear ? "" : JSON.stringify({ validation: validationMessage.slice(0, 300), file: fileMessage.slice(0, 300) })}${unchanged ? "" : " (database changed)"}`);
    }
    printTally("graphs", tally);
    expect(misses).toEqual([]);
    expect(tally.tried).toBeGreaterThanOrEqual(30);
  });

  it("the templates themselves pass and a graph file is stored once, then found again", async () => {
    const file = path.join(dir, "good.json");
    fs.writeFileSync(file, JSON.stringify(findTemplate("rag-k4")!.graph));
    const versionId = await resolvePipelineVersion(temp.db, file, { endpoints: ENDPOINTS });
    expect(await resolvePipelineVersion(temp.db, file, { endpoints: ENDPOINTS })).toBe(versionId);
    // Without endpoints to check against (an experiment's base graph), the names are not checked.
    const elsewhere = path.join(dir, "elsewhere.json");
    fs.writeFileSync(elsewhere, JSON.stringify(graph((g) => (node(g, "generate").params.endpoint = "on-another-machine"))));
    await expect(resolvePipelineVersion(temp.db, elsewhere)).resolves.toEqual(expect.any(String));
  });
});
