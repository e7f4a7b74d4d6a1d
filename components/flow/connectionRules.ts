import { closesCycle, edgeViolation, type EdgeShape, type GraphRuleCode, type NodePorts } from "@/server/pipeline/graphRules";
import { portOfHandle } from "./graphConversion";

/**
 * The editor's side of the graph rules (server/pipeline/graphRules.ts, which validateGraph applies
 * too): an output may feed an input of the same port type, an input takes one edge, and the graph
 * stays acyclic. Only the wording of the refusals is the editor's.
 */

/** Ports of a node kind at a version; undefined for kinds the studio does not know. */
export type KindLookup = (kind: string, version: number) => NodePorts | undefined;

export type ConnectionAttempt = {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
};

type NodeLike = { id: string; data: { kind: string; version: number } };
type EdgeLike = { source: string; target: string; targetHandle?: string | null };

/** `code` is the issue validateGraph reports for the same edge (a missing node is an unknown port there too). */
export type ConnectionCheck = { ok: true } | { ok: false; code: GraphRuleCode; reason: string };

export function kindKey(kind: string, version: number): string {
  return `${kind}@${version}`;
}

export function checkConnection(
  attempt: ConnectionAttempt,
  nodes: readonly NodeLike[],
  edges: readonly EdgeLike[],
  lookup: KindLookup,
): ConnectionCheck {
  const source = nodes.find((n) => n.id === attempt.source);
  const target = nodes.find((n) => n.id === attempt.target);
  if (!source || !target) return { ok: false, code: "unknown_port", reason: "Both ends must be nodes of this pipeline." };
  const fromPort = portOfHandle(attempt.sourceHandle, "out");
  const toPort = portOfHandle(attempt.targetHandle, "in");
  if (!fromPort || !toPort) {
    return { ok: false, code: "unknown_port", reason: "Connect an output (right side) to an input (left side)." };
  }
  const edge = { from: { node: source.id, port: fromPort }, to: { node: target.id, port: toPort } };
  const existing = edges.flatMap(ruleEdge);
  const unknownKind = { inputs: [], outputs: [] };
  const violation = edgeViolation(
    edge,
    lookup(source.data.kind, source.data.version) ?? unknownKind,
    lookup(target.data.kind, target.data.version) ?? unknownKind,
    existing,
  );
  switch (violation?.code) {
    case "unknown_port":
      return violation.side === "output"
        ? { ok: false, code: "unknown_port", reason: `${source.id} has no output "${fromPort}".` }
        : { ok: false, code: "unknown_port", reason: `${target.id} has no input "${toPort}".` };
    case "type_mismatch":
      return {
        ok: false,
        code: "type_mismatch",
        reason: `${capitalize(withArticle(violation.output.type))} output cannot feed ${withArticle(violation.input.type)} input.`,
      };
    case "input_connected_twice":
      return {
        ok: false,
        code: "input_connected_twice",
        reason: `Input "${toPort}" of ${target.id} is already connected; remove that edge first.`,
      };
  }
  if (closesCycle(edge, existing)) {
    const reason =
      source.id === target.id ? "A node cannot feed itself." : `Connecting ${source.id} to ${target.id} would create a cycle.`;
    return { ok: false, code: "cycle", reason };
  }
  return { ok: true };
}

/** A React Flow edge as the rules see it; edges on handles that are not ours carry no rule. */
function ruleEdge(edge: EdgeLike): EdgeShape[] {
  const port = portOfHandle(edge.targetHandle, "in");
  return port === null ? [] : [{ from: { node: edge.source }, to: { node: edge.target, port } }];
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
