/**
 * The connection rules of pipeline graphs, shared by the server (validateGraph.ts, before saving
 * and running) and the editor (components/flow/connectionRules.ts, while the user drags an edge).
 * The editor bundles this file, so it imports nothing: no zod, no prisma, no node: modules.
 */

export type PortShape = { name: string; type: string };
export type NodePorts = { inputs: readonly PortShape[]; outputs: readonly PortShape[] };
/** An edge as far as the rules look at it: the cycle check needs nodes only, the input check the input port. */
export type EdgeShape = { from: { node: string }; to: { node: string; port: string } };

export type EdgeViolation =
  | { code: "unknown_port"; side: "output" | "input" }
  | { code: "type_mismatch"; output: PortShape; input: PortShape }
  | { code: "input_connected_twice"; input: PortShape };

/** Every way a graph's edges can break the rules; validateGraph reports them as issue codes. */
export type GraphRuleCode = EdgeViolation["code"] | "cycle";

/** An output may feed an input only when their port types are equal. */
export function canConnectPorts(output: Pick<PortShape, "type">, input: Pick<PortShape, "type">): boolean {
  return output.type === input.type;
}

/**
 * Why `edge` (from an output of a node with ports `from`, to an input of a node with ports `to`)
 * may not join the edges already `accepted`, or null when it may. Cycles are separate: the server
 * finds them in the whole graph (topologicalOrder), the editor per new edge (closesCycle).
 */
export function edgeViolation(
  edge: EdgeShape & { from: { port: string } },
  from: NodePorts,
  to: NodePorts,
  accepted: readonly EdgeShape[],
): EdgeViolation | null {
  const output = from.outputs.find((p) => p.name === edge.from.port);
  if (!output) return { code: "unknown_port", side: "output" };
  const input = to.inputs.find((p) => p.name === edge.to.port);
  if (!input) return { code: "unknown_port", side: "input" };
  if (!canConnectPorts(output, input)) return { code: "type_mismatch", output, input };
  if (accepted.some((e) => e.to.node === edge.to.node && e.to.port === edge.to.port)) {
    return { code: "input_connected_twice", input };
  }
  return null;
}

/** True when adding `edge` to `edges` closes a cycle: its target already reaches its source (or they are one node). */
export function closesCycle(edge: EdgeShape, edges: readonly EdgeShape[]): boolean {
  const successors = successorsOf(edges);
  const seen = new Set<string>([edge.to.node]);
  const stack = [edge.to.node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === edge.from.node) return true;
    for (const next of successors.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/**
 * Kahn's algorithm over `nodeIds`; ties keep the order in which nodes are declared, so runs are
 * reproducible. Nodes on a cycle, or downstream of one, are missing from the result.
 */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly EdgeShape[]): string[] {
  const successors = successorsOf(edges);
  const remaining = new Map(nodeIds.map((id) => [id, 0]));
  for (const targets of successors.values()) for (const t of targets) remaining.set(t, (remaining.get(t) ?? 0) + 1);
  const order: string[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const id of nodeIds) {
      if (remaining.get(id) === 0) {
        remaining.set(id, -1);
        order.push(id);
        for (const next of successors.get(id) ?? []) remaining.set(next, remaining.get(next)! - 1);
        progressed = true;
      }
    }
  }
  return order;
}

/** Distinct successor nodes of each node (two edges between the same nodes count once). */
function successorsOf(edges: readonly EdgeShape[]): Map<string, Set<string>> {
  const successors = new Map<string, Set<string>>();
  for (const e of edges) {
    const targets = successors.get(e.from.node) ?? new Set<string>();
    targets.add(e.to.node);
    successors.set(e.from.node, targets);
  }
  return successors;
}
