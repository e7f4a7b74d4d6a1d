// Test-only node kinds: small, observable executors to drive the engine without models.
import { z } from "zod";
import { defineNode } from "../../../server/nodes/defineNode";
import { NodeRegistry } from "../../../server/pipeline/nodeRegistry";

export type Trace = { log: string[]; inFlight: number; maxInFlight: number };

export function makeTestRegistry(trace: Trace) {
  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => {
        clearTimeout(t);
        reject(new Error("aborted"));
      });
    });
  const source = defineNode({
    kind: "source",
    version: 1,
    title: "Source",
    category: "input",
    description: "emits the example input",
    inputs: [],
    outputs: [{ name: "example", type: "example", description: "" }],
    params: z.object({}),
    async run(_inputs, _params, ctx) {
      trace.log.push(`source:${ctx.gold === undefined ? "no-gold" : "gold"}`);
      return { example: ctx.example };
    },
  });
  const slow = defineNode({
    kind: "slow",
    version: 1,
    title: "Slow",
    category: "retrieval",
    description: "waits, then tags the input",
    inputs: [{ name: "example", type: "example", description: "" }],
    outputs: [{ name: "items", type: "items", description: "" }],
    params: z.object({ tag: z.string(), ms: z.number().int().min(0).default(30), fail: z.boolean().default(false) }),
    async run(inputs, params, ctx) {
      trace.inFlight++;
      trace.maxInFlight = Math.max(trace.maxInFlight, trace.inFlight);
      trace.log.push(`start:${params.tag}`);
      try {
        await sleep(params.ms, ctx.signal);
        if (params.fail) throw new Error(`${params.tag} broke`);
        return { items: { method: params.tag, query: inputs.example.input, items: [] } };
      } finally {
        trace.inFlight--;
        trace.log.push(`end:${params.tag}`);
      }
    },
  });
  const join = defineNode({
    kind: "join",
    version: 1,
    title: "Join",
    category: "reasoning-template",
    description: "concatenates two item lists",
    inputs: [
      { name: "a", type: "items", description: "" },
      { name: "b", type: "items", description: "", optional: true },
    ],
    outputs: [{ name: "answer", type: "answer", description: "" }],
    params: z.object({}),
    async run(inputs) {
      trace.log.push("join");
      const text = [inputs.a, inputs.b].flatMap((v) => (v ? [`${v.method}:${v.query}`] : [])).join("|");
      return { answer: { text, raw: text, reasoning: "", extraction: "none" } };
    },
  });
  const score = defineNode({
    kind: "score",
    version: 1,
    title: "Score",
    category: "scoring",
    description: "exact match against the gold",
    inputs: [{ name: "answer", type: "answer", description: "" }],
    outputs: [{ name: "scores", type: "scores", description: "" }],
    params: z.object({}),
    async run(inputs, _params, ctx) {
      trace.log.push(`score:${ctx.gold}`);
      return { scores: { metrics: { exact: inputs.answer.text === ctx.gold ? 1 : 0 }, rawMetrics: {}, signals: {} } };
    },
  });
  const passthrough = defineNode({
    kind: "passthrough",
    version: 1,
    title: "Pass",
    category: "post-process",
    description: "items in, items out",
    inputs: [{ name: "items", type: "items", description: "" }],
    outputs: [{ name: "items", type: "items", description: "" }],
    params: z.object({}),
    async run(inputs) {
      return { items: inputs.items };
    },
  });
  return new NodeRegistry([source, slow, join, score, passthrough]);
}

export const example = { id: "db1", exampleId: "7", task: "LaMP-7", input: "hi", profile: [] };

export function fanOutGraph(overrides: { failB?: boolean; msA?: number; msB?: number } = {}) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "src", kind: "source", version: 1 },
      { id: "a", kind: "slow", version: 1, params: { tag: "A", ms: overrides.msA ?? 40 } },
      { id: "b", kind: "slow", version: 1, params: { tag: "B", ms: overrides.msB ?? 40, fail: overrides.failB ?? false } },
      { id: "j", kind: "join", version: 1 },
      { id: "s", kind: "score", version: 1 },
    ],
    edges: [
      { from: { node: "src", port: "example" }, to: { node: "a", port: "example" } },
      { from: { node: "src", port: "example" }, to: { node: "b", port: "example" } },
      { from: { node: "a", port: "items" }, to: { node: "j", port: "a" } },
      { from: { node: "b", port: "items" }, to: { node: "j", port: "b" } },
      { from: { node: "j", port: "answer" }, to: { node: "s", port: "answer" } },
    ],
  };
}
