import { describe, expect, it } from "vitest";
import {
  edgeIdOf,
  flowToGraph,
  graphToFlow,
  inputHandleId,
  newNodeId,
  outputHandleId,
  portOfHandle,
  type PipelineFlowEdge,
  type PipelineFlowNode,
} from "@/components/flow/graphConversion";
import type { PipelineGraph } from "@/server/pipeline/graphSchema";

const graph: PipelineGraph = {
  schemaVersion: 1,
  nodes: [
    { id: "example", kind: "example", version: 1, params: {}, position: { x: 0, y: 100 } },
    { id: "retrieve", kind: "retrieve", version: 1, label: "BM25 top-4", params: { method: "bm25", k: 4 }, position: { x: 260, y: 100 } },
    { id: "baseline", kind: "baseline", version: 1, params: {}, position: { x: 520, y: 100 } },
    { id: "score", kind: "score", version: 1, params: { failureModes: { manySwitchesThreshold: 3 } }, position: { x: 780, y: 100 } },
  ],
  edges: [
    { from: { node: "example", port: "example" }, to: { node: "retrieve", port: "example" } },
    { from: { node: "retrieve", port: "items" }, to: { node: "baseline", port: "items" } },
    { from: { node: "baseline", port: "answer" }, to: { node: "score", port: "answer" } },
  ],
};

describe("graphToFlow", () => {
  it("makes one pipeline node per graph node with kind, version, label and params as data", () => {
    const { nodes } = graphToFlow(graph);
    expect(nodes).toHaveLength(4);
    expect(nodes[1]).toEqual({
      id: "retrieve",
      type: "pipeline",
      position: { x: 260, y: 100 },
      data: { kind: "retrieve", version: 1, label: "BM25 top-4", params: { method: "bm25", k: 4 } },
    });
    expect(nodes[0]!.data).not.toHaveProperty("label");
  });

  it("makes one edge per graph edge between side-prefixed handles, with a stable id", () => {
    const { edges } = graphToFlow(graph);
    expect(edges[1]).toEqual({
      id: "retrieve.items->baseline.items",
      source: "retrieve",
      sourceHandle: "out:items",
      target: "baseline",
      targetHandle: "in:items",
    });
  });

  it("copies params, so editing the view never mutates the loaded document", () => {
    const { nodes } = graphToFlow(graph);
    (nodes[3]!.data.params.failureModes as Record<string, unknown>).manySwitchesThreshold = 9;
    expect((graph.nodes[3]!.params.failureModes as Record<string, unknown>).manySwitchesThreshold).toBe(3);
  });
});

describe("flowToGraph", () => {
  it("round-trips a graph exactly", () => {
    const { nodes, edges } = graphToFlow(graph);
    expect(flowToGraph(nodes, edges)).toEqual(graph);
  });

  it("drops view-only fields, rounds positions and omits blank labels", () => {
    const nodes: PipelineFlowNode[] = [
      {
        id: "a",
        type: "pipeline",
        position: { x: 10.4, y: 19.6 },
        selected: true,
        measured: { width: 200, height: 90 },
        data: { kind: "example", version: 1, label: "  ", params: {} },
      },
    ];
    expect(flowToGraph(nodes, [])).toEqual({
      schemaVersion: 1,
      nodes: [{ id: "a", kind: "example", version: 1, params: {}, position: { x: 10, y: 20 } }],
      edges: [],
    });
  });

  it("skips edges to missing nodes or with foreign handles", () => {
    const nodes: PipelineFlowNode[] = [
      { id: "a", type: "pipeline", position: { x: 0, y: 0 }, data: { kind: "example", version: 1, params: {} } },
      { id: "b", type: "pipeline", position: { x: 0, y: 0 }, data: { kind: "retrieve", version: 1, params: {} } },
    ];
    const edges: PipelineFlowEdge[] = [
      { id: "1", source: "a", sourceHandle: "out:example", target: "b", targetHandle: "in:example" },
      { id: "2", source: "a", sourceHandle: "out:example", target: "gone", targetHandle: "in:example" },
      { id: "3", source: "a", sourceHandle: "example", target: "b", targetHandle: "in:example" },
      { id: "4", source: "a", sourceHandle: null, target: "b", targetHandle: "in:example" },
    ];
    expect(flowToGraph(nodes, edges).edges).toEqual([{ from: { node: "a", port: "example" }, to: { node: "b", port: "example" } }]);
  });

  it("round-trips a flow (ids and handles survive graph -> flow)", () => {
    const first = graphToFlow(graph);
    const again = graphToFlow(flowToGraph(first.nodes, first.edges));
    expect(again).toEqual(first);
  });
});

describe("handles and ids", () => {
  it("prefixes handles by side and reads the port back only from the right side", () => {
    expect(inputHandleId("example")).toBe("in:example");
    expect(outputHandleId("example")).toBe("out:example");
    expect(portOfHandle("in:example", "in")).toBe("example");
    expect(portOfHandle("in:example", "out")).toBeNull();
    expect(portOfHandle(undefined, "in")).toBeNull();
  });

  it("names edges node.port->node.port", () => {
    expect(edgeIdOf({ from: { node: "a", port: "x" }, to: { node: "b", port: "y" } })).toBe("a.x->b.y");
  });

  it("numbers new node ids after the kind and keeps the schema's charset", () => {
    expect(newNodeId("retrieve", [])).toBe("retrieve");
    expect(newNodeId("retrieve", ["retrieve", "retrieve-2"])).toBe("retrieve-3");
    expect(newNodeId("extract answer", [])).toBe("extract-answer");
  });
});
