import { describe, expect, it } from "vitest";
import { validateGraph } from "../../../server/pipeline/validateGraph";
import { fanOutGraph, makeTestRegistry } from "./testNodes";

const registry = makeTestRegistry({ log: [], inFlight: 0, maxInFlight: 0 });
const issuesOf = (graph: unknown, opts = {}) => {
  const r = validateGraph(graph, registry, opts);
  return r.ok ? [] : r.issues;
};

describe("validateGraph", () => {
  it("accepts a valid graph, fills param defaults and orders nodes dependencies-first", () => {
    const r = validateGraph(fanOutGraph(), registry, { requireScoreNode: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.order).toEqual(["src", "a", "b", "j", "s"]);
    expect(r.value.nodes.get("a")!.resolvedParams).toEqual({ tag: "A", ms: 40, fail: false });
  });

  it("rejects a malformed document with the path of the problem", () => {
    const issues = issuesOf({ schemaVersion: 1, nodes: [{ id: "bad id", kind: "x", version: 1 }] });
    expect(issues[0]).toMatchObject({ code: "schema", path: "nodes.0.id" });
    expect(issuesOf({ schemaVersion: 2, nodes: [] }).map((i) => i.path)).toEqual(["schemaVersion", "nodes"]);
  });

  it("refuses a parameter named constructor, prototype or __proto__, at any depth of a parameter, saying where", () => {
    const g = fanOutGraph();
    g.nodes[1] = { ...g.nodes[1], params: { tag: "A", constructor: { prototype: { polluted: true } } } } as never;
    expect(issuesOf(g)).toEqual([
      {
        code: "schema",
        path: "nodes.1.params.constructor",
        message: 'Graph document at nodes.1.params.constructor: "constructor" is a reserved name and cannot be a parameter name or key',
      },
    ]);
    const nested = fanOutGraph();
    nested.nodes[1] = { ...nested.nodes[1], params: { tag: "A", extra: [{ ok: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')] } } as never;
    expect(issuesOf(nested).map((i) => i.path)).toEqual(["nodes.1.params.extra.1.__proto__"]);
    const fine = fanOutGraph();
    fine.nodes[1] = { ...fine.nodes[1], params: { tag: "constructor", ms: 1 } } as never;
    expect(issuesOf(fine)).toEqual([]);
  });

  it("names unknown kinds, unknown versions and invalid params by node", () => {
    const g = fanOutGraph();
    g.nodes[1] = { id: "a", kind: "slow", version: 3, params: { tag: "A", ms: 1 } };
    g.nodes.push({ id: "zz", kind: "teleport", version: 1 } as never);
    g.nodes[2] = { id: "b", kind: "slow", version: 1, params: { tag: 5 } } as never;
    const issues = issuesOf(g);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "unknown_version", nodeId: "a", message: expect.stringContaining("known: 1") }),
        expect.objectContaining({ code: "unknown_kind", nodeId: "zz" }),
        expect.objectContaining({ code: "invalid_params", nodeId: "b", path: "tag" }),
      ]),
    );
  });

  it("rejects port type mismatches, unknown ports, double-connected inputs and missing inputs", () => {
    const g = fanOutGraph();
    g.edges.push({ from: { node: "src", port: "example" }, to: { node: "j", port: "a" } }); // example -> items
    g.edges.push({ from: { node: "a", port: "nope" }, to: { node: "j", port: "b" } });
    g.edges.push({ from: { node: "a", port: "items" }, to: { node: "j", port: "b" } }); // b already fed by node b
    g.edges = g.edges.filter((e) => !(e.to.node === "s"));
    const codes = issuesOf(g).map((i) => `${i.code}:${i.nodeId}:${i.port}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "type_mismatch:j:a",
        "unknown_port:a:nope",
        "input_connected_twice:j:b",
        "missing_input:s:answer",
      ]),
    );
  });

  it("finds cycles and names the nodes on them", () => {
    const g = {
      schemaVersion: 1,
      nodes: [
        { id: "p", kind: "passthrough", version: 1 },
        { id: "q", kind: "passthrough", version: 1 },
        { id: "j", kind: "join", version: 1 },
      ],
      edges: [
        { from: { node: "p", port: "items" }, to: { node: "q", port: "items" } },
        { from: { node: "q", port: "items" }, to: { node: "p", port: "items" } },
        { from: { node: "q", port: "items" }, to: { node: "j", port: "a" } },
      ],
    };
    const issues = issuesOf(g);
    expect(issues.map((i) => i.code)).toEqual(["cycle"]);
    expect(issues[0].message).toBe('The graph has a cycle through nodes "p", "q", "j".');
  });

  it("requires exactly one score node for runs", () => {
    const g = fanOutGraph();
    g.nodes = g.nodes.filter((n) => n.id !== "s");
    g.edges = g.edges.filter((e) => e.to.node !== "s");
    expect(issuesOf(g, { requireScoreNode: true }).map((i) => i.code)).toEqual(["no_answer"]);
    expect(issuesOf(g)).toEqual([]);
  });
});

describe("validateGraph with invalid params", () => {
  it("reports the bad parameter only, not its connected neighbours as unconnected", () => {
    const g = fanOutGraph();
    g.nodes[1] = { id: "a", kind: "slow", version: 1, params: { tag: 7 } } as never;
    const issues = issuesOf(g);
    expect(issues.map((i) => `${i.code}:${i.nodeId}`)).toEqual(["invalid_params:a"]);
  });
});
