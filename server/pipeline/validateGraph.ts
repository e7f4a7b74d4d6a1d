import { endpointRequestsOf, type EndpointNames } from "./endpointRequests";
import { graphLimitIssues } from "./graphLimits";
import { edgeViolation, topologicalOrder } from "./graphRules";
import { pipelineGraphSchema, type GraphEdge, type GraphNode, type PipelineGraph } from "./graphSchema";
import { InvalidGraphError, type GraphIssue } from "./graphErrors";
import type { NodeRegistry } from "./nodeRegistry";
import type { AnyNodeDefinition } from "./nodeDefinition";
import { unknownParameterPaths } from "./unknownParams";

export type ResolvedNode = GraphNode & { definition: AnyNodeDefinition; resolvedParams: unknown };

export type ValidatedGraph = {
  graph: PipelineGraph;
  nodes: Map<string, ResolvedNode>;
  /** Node ids in a topological order (dependencies first, ties by declaration order). */
  order: string[];
  /** For each node: its input port -> the upstream output port feeding it. */
  incoming: Map<string, Map<string, { node: string; port: string }>>;
};

export type ValidationOptions = {
  /** Runs need exactly one `score` node: its `answer` input is the pipeline's answer. */
  requireScoreNode?: boolean;
  /**
   * The endpoints this studio can call (runs/availableEndpoints.ts: loadEndpointNames). Given, a
   * node naming another one is an issue (every item would fail); omitted, names are not checked
   * (a graph is saved or imported before its endpoints exist).
   */
  endpoints?: EndpointNames;
};

export type ValidationResult = { ok: true; value: ValidatedGraph } | { ok: false; issues: GraphIssue[] };

/** The one rule set for graphs, used before every run and by the editor's save. */
export function validateGraph(raw: unknown, registry: NodeRegistry, options: ValidationOptions = {}): ValidationResult {
  const tooBig = graphLimitIssues(raw);
  if (tooBig.length > 0) return { ok: false, issues: tooBig };
  const parsed = pipelineGraphSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        code: "schema" as const,
        path: i.path.join("."),
        message: `Graph document ${i.path.length ? `at ${i.path.join(".")}` : ""}: ${i.message}`,
      })),
    };
  }
  const graph = parsed.data;
  const issues: GraphIssue[] = [];
  const nodes = new Map<string, ResolvedNode>();

  for (const node of graph.nodes) {
    const where = `Node "${node.id}" (${node.kind})`;
    if (nodes.has(node.id)) {
      issues.push({ code: "duplicate_node", nodeId: node.id, message: `Node id "${node.id}" is used twice.` });
      continue;
    }
    const definition = registry.get(node.kind, node.version);
    if (!definition) {
      const versions = registry.versionsOf(node.kind);
      issues.push(
        versions.length === 0
          ? { code: "unknown_kind", nodeId: node.id, message: `${where}: unknown node kind "${node.kind}".` }
          : {
              code: "unknown_version",
              nodeId: node.id,
              message: `${where}: version ${node.version} does not exist (known: ${versions.join(", ")}).`,
            },
      );
      continue;
    }
    const params = definition.params.safeParse(node.params);
    if (params.success) {
      for (const path of unknownParameterPaths(node.params, params.data)) {
        issues.push({ code: "invalid_params", nodeId: node.id, path, message: `${where}: unknown parameter "${path}"${knownParams(definition)}.` });
      }
    } else {
      for (const i of params.error.issues) {
        issues.push({
          code: "invalid_params",
          nodeId: node.id,
          path: i.path.join("."),
          message: `${where}: parameter ${i.path.join(".") || "(root)"}: ${i.message}.`,
        });
      }
    }
    // A node with bad params still has known ports, so its edges are checked too (and its
    // neighbours get no false "not connected" reports); the issues above keep the graph invalid.
    nodes.set(node.id, { ...node, definition, resolvedParams: params.success ? params.data : undefined });
  }

  const accepted: GraphEdge[] = [];
  for (const edge of graph.edges) {
    const label = `Edge ${edge.from.node}.${edge.from.port} -> ${edge.to.node}.${edge.to.port}`;
    const from = nodes.get(edge.from.node);
    const to = nodes.get(edge.to.node);
    if (!from || !to) {
      const missing = !from ? edge.from.node : edge.to.node;
      if (!graph.nodes.some((n) => n.id === missing)) {
        issues.push({ code: "unknown_port", nodeId: missing, message: `${label}: node "${missing}" does not exist.` });
      }
      continue;
    }
    const violation = edgeViolation(edge, from.definition, to.definition, accepted);
    if (violation === null) {
      accepted.push(edge);
      continue;
    }
    switch (violation.code) {
      case "unknown_port": {
        const [node, port, ports] =
          violation.side === "output" ? [from, edge.from.port, from.definition.outputs] : [to, edge.to.port, to.definition.inputs];
        issues.push({
          code: "unknown_port",
          nodeId: node.id,
          port,
          message: `${label}: ${node.kind} has no ${violation.side} "${port}" (${violation.side}s: ${portNames(ports)}).`,
        });
        break;
      }
      case "type_mismatch":
        issues.push({
          code: "type_mismatch",
          nodeId: to.id,
          port: violation.input.name,
          message: `${label}: a ${violation.output.type} output cannot feed a ${violation.input.type} input.`,
        });
        break;
      case "input_connected_twice":
        issues.push({
          code: "input_connected_twice",
          nodeId: to.id,
          port: violation.input.name,
          message: `Node "${to.id}" input "${violation.input.name}" is connected more than once.`,
        });
        break;
    }
  }

  const incoming = new Map<string, Map<string, { node: string; port: string }>>();
  for (const id of nodes.keys()) incoming.set(id, new Map());
  for (const edge of accepted) incoming.get(edge.to.node)!.set(edge.to.port, edge.from);

  for (const node of nodes.values()) {
    for (const port of node.definition.inputs) {
      if (!port.optional && !incoming.get(node.id)!.has(port.name)) {
        issues.push({
          code: "missing_input",
          nodeId: node.id,
          port: port.name,
          message: `Node "${node.id}" (${node.kind}): required input "${port.name}" (${port.type}) is not connected.`,
        });
      }
    }
  }

  const order = topologicalOrder([...nodes.keys()], accepted);
  if (order.length < nodes.size) {
    const stuck = [...nodes.keys()].filter((id) => !order.includes(id));
    issues.push({
      code: "cycle",
      nodeId: stuck[0],
      message: `The graph has a cycle through nodes ${stuck.map((s) => `"${s}"`).join(", ")}.`,
    });
  }

  if (options.endpoints) issues.push(...endpointIssues(nodes, options.endpoints));

  if (options.requireScoreNode) {
    const scoreNodes = [...nodes.values()].filter((n) => n.kind === "score");
    if (scoreNodes.length !== 1) {
      issues.push({
        code: "no_answer",
        message:
          scoreNodes.length === 0
            ? "A runnable pipeline needs a score node: its answer input is what the run evaluates."
            : `A runnable pipeline needs exactly one score node (found ${scoreNodes.length}: ${scoreNodes.map((n) => n.id).join(", ")}).`,
      });
    }
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { graph, nodes, order, incoming } };
}

export function assertValidGraph(raw: unknown, registry: NodeRegistry, options?: ValidationOptions): ValidatedGraph {
  const result = validateGraph(raw, registry, options);
  if (!result.ok) throw new InvalidGraphError(result.issues);
  return result.value;
}

/** ` (parameters: a, b, c)` for a node kind whose parameters are an object schema. */
function knownParams(definition: AnyNodeDefinition): string {
  const shape = (definition.params as { shape?: Record<string, unknown> }).shape;
  const names = shape ? Object.keys(shape) : [];
  return names.length > 0 ? ` (parameters: ${names.join(", ")})` : " (this node has no parameters)";
}

/** A node asking for an endpoint this studio does not have fails on every item: said now, with the node and parameter. */
function endpointIssues(nodes: Map<string, ResolvedNode>, available: EndpointNames): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const request of endpointRequestsOf(nodes.values())) {
    const names = request.role === "model" ? available.models : available.embeddings;
    if (names.includes(request.endpoint)) continue;
    const node = nodes.get(request.nodeId)!;
    const what = request.role === "model" ? "model endpoint" : "embeddings endpoint";
    const hint =
      request.role === "embeddings" && request.endpoint === "default"
        ? '; "default" is the one of STUDIO_EMBEDDINGS_BASE_URL and STUDIO_EMBEDDINGS_MODEL'
        : "";
    issues.push({
      code: "invalid_params",
      nodeId: node.id,
      path: request.param,
      message: `Node "${node.id}" (${node.kind}): parameter ${request.param}: the ${what} "${request.endpoint}" is not configured (configured: ${names.join(", ") || "none"}${hint}).`,
    });
  }
  return issues;
}

function portNames(ports: readonly { name: string }[]): string {
  return ports.length ? ports.map((p) => p.name).join(", ") : "none";
}

