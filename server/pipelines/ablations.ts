// ReaPer's ablations, defined once: each derives a pipeline graph from a full ReaPer graph by
// removing one part and leaving everything else (retriever, prompt family, sampling, token limit)
// as it is, so the difference to the full pipeline is that part.
//   without HRT : the prompt's stage instructions are dropped (prompt `stageInstructions: false`)
//   without RPI : interventions are switched off: an intervene node becomes a plain generate with
//                 the same generation parameters; SRM samples its candidates without intervention
//   without SRM : one candidate, no synthesis: the self-reference node becomes the node that made
//                 each candidate (intervene, or generate when it sampled without intervention),
//                 with the same generation parameters and rules
//   vanilla     : all three removed
import type { PipelineGraphInput } from "../pipeline/graphSchema";
import { UserInputError } from "../errors";

export const ABLATIONS = ["full", "without-hrt", "without-rpi", "without-srm", "vanilla"] as const;
export type Ablation = (typeof ABLATIONS)[number];

export const ABLATION_LABELS: Readonly<Record<Ablation, string>> = {
  full: "full",
  "without-hrt": "− HRT",
  "without-rpi": "− RPI",
  "without-srm": "− SRM",
  vanilla: "vanilla",
};

type Graph = PipelineGraphInput;
type GraphNode = Graph["nodes"][number];

/** The generation parameters every model-calling node shares (generationParamsSchema). */
const GENERATION_PARAMS = ["endpoint", "temperature", "topP", "maxTokens", "seed"] as const;

function pick(params: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => params[k] !== undefined).map((k) => [k, params[k]]));
}

function paramsOf(node: GraphNode): Record<string, unknown> {
  return (node.params ?? {}) as Record<string, unknown>;
}

/** The node as another kind; its `example` input is dropped when the new kind has none (generate). */
function replaceKind(graph: Graph, nodeId: string, kind: string, params: Record<string, unknown>): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, kind, version: 1, params } : n)),
    edges: kind === "generate" ? (graph.edges ?? []).filter((e) => !(e.to.node === nodeId && e.to.port === "example")) : graph.edges,
  };
}

function withoutHrt(graph: Graph): Graph {
  const staged = graph.nodes.filter((n) => n.kind === "prompt" && paramsOf(n).template === "hrt" && paramsOf(n).stageInstructions !== false);
  if (staged.length === 0) throw new UserInputError("No HRT prompt with stage instructions to remove.");
  return { ...graph, nodes: graph.nodes.map((n) => (staged.includes(n) ? { ...n, params: { ...paramsOf(n), stageInstructions: false } } : n)) };
}

function withoutRpi(graph: Graph): Graph {
  let out = graph;
  let changed = false;
  for (const node of graph.nodes) {
    const params = paramsOf(node);
    if (node.kind === "intervene") {
      out = replaceKind(out, node.id, "generate", pick(params, GENERATION_PARAMS));
      changed = true;
    } else if (node.kind === "self-reference" && params.useIntervention !== false) {
      out = { ...out, nodes: out.nodes.map((n) => (n.id === node.id ? { ...n, params: { ...params, useIntervention: false } } : n)) };
      changed = true;
    }
  }
  if (!changed) throw new UserInputError("No reasoning intervention (intervene node, or SRM candidates under RPI) to remove.");
  return out;
}

function withoutSrm(graph: Graph): Graph {
  const srm = graph.nodes.filter((n) => n.kind === "self-reference");
  if (srm.length === 0) throw new UserInputError("No self-reference (SRM) node to remove.");
  let out = graph;
  for (const node of srm) {
    const params = paramsOf(node);
    const generation = pick(params, GENERATION_PARAMS);
    out =
      params.useIntervention === false
        ? replaceKind(out, node.id, "generate", generation)
        : replaceKind(out, node.id, "intervene", { ...generation, ...(params.rules !== undefined ? { rules: params.rules } : {}) });
  }
  return out;
}

/** The graph of an ablation of a full ReaPer graph (a new object; the input is left alone). */
export function deriveAblation(graph: Graph, ablation: Ablation): Graph {
  const copy = structuredClone(graph);
  switch (ablation) {
    case "full":
      return copy;
    case "without-hrt":
      return withoutHrt(copy);
    case "without-rpi":
      return withoutRpi(copy);
    case "without-srm":
      return withoutSrm(copy);
    case "vanilla":
      return withoutSrm(withoutRpi(withoutHrt(copy)));
  }
}
