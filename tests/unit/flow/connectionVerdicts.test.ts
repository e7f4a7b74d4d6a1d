import { describe, expect, it } from "vitest";
import { checkConnection } from "@/components/flow/connectionRules";
import { graphToFlow, inputHandleId, outputHandleId } from "@/components/flow/graphConversion";
import { validateGraph } from "@/server/pipeline/validateGraph";
import { pipelineGraphSchema } from "@/server/pipeline/graphSchema";
import { makeTestRegistry } from "../pipeline/testNodes";

// The editor refuses an edge for the same reason the server would reject the graph with it.
const registry = makeTestRegistry({ log: [], inFlight: 0, maxInFlight: 0 });
const ref = (s: string) => ({ node: s.split(".")[0], port: s.split(".")[1] });
// Inputs p.items and r.items are left free on purpose: the server reports them as missing_input,
// which the comparison below ignores (the editor cannot know what will be connected later).
const base = {
  schemaVersion: 1,
  nodes: [
    { id: "src", kind: "source", version: 1 },
    { id: "a", kind: "slow", version: 1, params: { tag: "A" } },
    { id: "b", kind: "slow", version: 1, params: { tag: "B" } },
    { id: "j", kind: "join", version: 1 },
    { id: "p", kind: "passthrough", version: 1 },
    { id: "q", kind: "passthrough", version: 1 },
    { id: "r", kind: "passthrough", version: 1 },
  ],
  edges: [
    ["src.example", "a.example"],
    ["src.example", "b.example"],
    ["a.items", "j.a"],
    ["p.items", "q.items"],
  ].map(([from, to]) => ({ from: ref(from), to: ref(to) })),
};

function serverVerdict(from: string, to: string): string[] {
  const result = validateGraph({ ...base, edges: [...base.edges, { from: ref(from), to: ref(to) }] }, registry);
  return result.ok ? [] : result.issues.map((i) => i.code).filter((code) => code !== "missing_input");
}

function editorVerdict(from: string, to: string): string[] {
  const flow = graphToFlow(pipelineGraphSchema.parse(base));
  const attempt = { source: ref(from).node, sourceHandle: outputHandleId(ref(from).port), target: ref(to).node, targetHandle: inputHandleId(ref(to).port) };
  const check = checkConnection(attempt, flow.nodes, flow.edges, (kind, version) => registry.get(kind, version));
  return check.ok ? [] : [check.code];
}

describe("editor and server verdicts on a new edge", () => {
  it.each([
    ["b.items", "j.b", []],
    ["a.items", "p.items", []],
    ["src.example", "j.b", ["type_mismatch"]],
    ["b.items", "j.a", ["input_connected_twice"]],
    ["q.items", "p.items", ["cycle"]],
    ["r.items", "r.items", ["cycle"]],
    ["a.nope", "j.b", ["unknown_port"]],
    ["a.items", "j.nope", ["unknown_port"]],
  ])("%s -> %s: %j", (from, to, expected) => {
    expect(serverVerdict(from, to)).toEqual(expected);
    expect(editorVerdict(from, to)).toEqual(expected);
  });
});
