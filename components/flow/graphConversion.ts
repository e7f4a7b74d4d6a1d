import type { Edge, Node } from "@xyflow/react";
import type { GraphEdge, PipelineGraph } from "@/server/pipeline/graphSchema";

/**
 * The one place where our pipeline graph JSON (the document that is saved, versioned and run)
 * and React Flow's view state (nodes with positions/selection, edges between handles) meet.
 */

export const PIPELINE_NODE_TYPE = "pipeline";

export type PipelineNodeData = {
  kind: string;
  version: number;
  label?: string;
  params: Record<string, unknown>;
};

export type PipelineFlowNode = Node<PipelineNodeData, typeof PIPELINE_NODE_TYPE>;
export type PipelineFlowEdge = Edge;

/** Inputs and outputs may share a name ("example" in, "example" out), so handles carry a side. */
export function inputHandleId(port: string): string {
  return `in:${port}`;
}
export function outputHandleId(port: string): string {
  return `out:${port}`;
}
/** The port name of a handle id, or null when it is not one of ours. */
export function portOfHandle(handleId: string | null | undefined, side: "in" | "out"): string | null {
  const prefix = `${side}:`;
  return handleId && handleId.startsWith(prefix) ? handleId.slice(prefix.length) : null;
}

export function edgeIdOf(edge: GraphEdge): string {
  return `${edge.from.node}.${edge.from.port}->${edge.to.node}.${edge.to.port}`;
}

function cloneParams(params: Record<string, unknown> | undefined): Record<string, unknown> {
  return params ? (JSON.parse(JSON.stringify(params)) as Record<string, unknown>) : {};
}

export function graphToFlow(graph: PipelineGraph): { nodes: PipelineFlowNode[]; edges: PipelineFlowEdge[] } {
  const nodes: PipelineFlowNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: PIPELINE_NODE_TYPE,
    position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
    data: {
      kind: n.kind,
      version: n.version,
      ...(n.label ? { label: n.label } : {}),
      params: cloneParams(n.params),
    },
  }));
  const edges: PipelineFlowEdge[] = (graph.edges ?? []).map((e) => ({
    id: edgeIdOf(e),
    source: e.from.node,
    sourceHandle: outputHandleId(e.from.port),
    target: e.to.node,
    targetHandle: inputHandleId(e.to.port),
  }));
  return { nodes, edges };
}

/**
 * Back to the saved document. Positions are rounded (sub-pixel drags are not worth a version),
 * view-only fields (selection, measured size) are dropped, and an edge whose handles are not ours
 * is skipped rather than saved half-formed.
 */
export function flowToGraph(nodes: readonly PipelineFlowNode[], edges: readonly PipelineFlowEdge[]): PipelineGraph {
  const ids = new Set(nodes.map((n) => n.id));
  const graphEdges: GraphEdge[] = [];
  for (const e of edges) {
    const fromPort = portOfHandle(e.sourceHandle, "out");
    const toPort = portOfHandle(e.targetHandle, "in");
    if (!fromPort || !toPort || !ids.has(e.source) || !ids.has(e.target)) continue;
    graphEdges.push({ from: { node: e.source, port: fromPort }, to: { node: e.target, port: toPort } });
  }
  return {
    schemaVersion: 1,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      version: n.data.version,
      ...(n.data.label && n.data.label.trim() !== "" ? { label: n.data.label } : {}),
      params: cloneParams(n.data.params),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: graphEdges,
  };
}

/** A fresh node id for a kind: "retrieve", then "retrieve-2", "retrieve-3"... (ids follow the schema's charset). */
export function newNodeId(kind: string, existing: Iterable<string>): string {
  const taken = new Set(existing);
  const base = kind.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 56) || "node";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
