// Expands an experiment's design into its cells: every combination of the factors' values (the
// first factor varies slowest), for every dataset, repeated with consecutive seeds. Each cell is
// one ordinary run: a derived graph (ablation first, then parameter and model settings) and a run
// configuration. Pure: no database.
import { UserInputError } from "../errors";
import type { PipelineGraphInput } from "../pipeline/graphSchema";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { validateGraph } from "../pipeline/validateGraph";
import { ABLATION_LABELS, deriveAblation, type Ablation } from "../pipelines/ablations";
import type { ProfileSource } from "../runs/profileSource";
import { factorName, type ExperimentCellInfo, type ExperimentFactor, type ExperimentSpec } from "./experimentSpec";

type Value = string | number | boolean;

export type ExpandedCell = ExperimentCellInfo & {
  datasetId: string;
  graph: PipelineGraphInput;
  /** The graph-changing factor values only: cells with the same variant run the same pipeline. */
  variant: string;
  config: { limit?: number; seed: number; concurrency: number; useCache: boolean; profileSource: ProfileSource };
};

/** Every combination of the factors' values, the first factor varying slowest. */
function combinations(factors: readonly ExperimentFactor[]): Array<Array<[ExperimentFactor, Value]>> {
  let out: Array<Array<[ExperimentFactor, Value]>> = [[]];
  for (const factor of factors) out = out.flatMap((partial) => (factor.values as Value[]).map((v) => [...partial, [factor, v] as [ExperimentFactor, Value]]));
  return out;
}

/** Node kinds that call a model: their params carry an `endpoint`. */
function modelCallingKinds(registry: NodeRegistry): Set<string> {
  return new Set(registry.all().filter((d) => "shape" in d.params && "endpoint" in (d.params as unknown as { shape: object }).shape).map((d) => d.kind));
}

function valueLabel(factor: ExperimentFactor, value: Value): string {
  if (factor.kind === "ablation") return ABLATION_LABELS[value as Ablation];
  return `${factorName(factor)}=${String(value)}`;
}

function applyFactors(base: PipelineGraphInput, settings: Array<[ExperimentFactor, Value]>, modelKinds: Set<string>): PipelineGraphInput {
  const ablation = settings.find(([f]) => f.kind === "ablation");
  let graph = ablation ? deriveAblation(base, ablation[1] as Ablation) : structuredClone(base);
  for (const [factor, value] of settings) {
    if (factor.kind === "param") {
      const node = graph.nodes.find((n) => n.id === factor.node);
      if (!node) throw new UserInputError(`Factor ${factorName(factor)}: the pipeline has no node "${factor.node}"${ablation ? ` (after the ablation ${String(ablation[1])})` : ""}.`);
      graph = { ...graph, nodes: graph.nodes.map((n) => (n === node ? { ...n, params: { ...(n.params ?? {}), [factor.param]: value } } : n)) };
    } else if (factor.kind === "endpoint") {
      const calling = graph.nodes.filter((n) => modelKinds.has(n.kind));
      if (calling.length === 0) throw new UserInputError("Factor model: the pipeline has no node that calls a model.");
      graph = { ...graph, nodes: graph.nodes.map((n) => (modelKinds.has(n.kind) ? { ...n, params: { ...(n.params ?? {}), endpoint: value } } : n)) };
    }
  }
  return graph;
}

export function expandExperiment(spec: ExperimentSpec, base: PipelineGraphInput, registry: NodeRegistry): ExpandedCell[] {
  const names = spec.factors.map(factorName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new UserInputError(`Factor ${duplicate} is listed twice.`);
  const modelKinds = modelCallingKinds(registry);
  const cells: ExpandedCell[] = [];
  const checked = new Map<string, PipelineGraphInput>();
  for (const datasetId of spec.datasetIds) {
    for (const settings of combinations(spec.factors)) {
      const graphSettings = settings.filter(([f]) => f.kind !== "profileSource");
      const variant = graphSettings.map(([f, v]) => valueLabel(f, v)).join(" · ");
      let graph = checked.get(variant);
      if (!graph) {
        graph = applyFactors(base, graphSettings, modelKinds);
        const validation = validateGraph(graph, registry, { requireScoreNode: true });
        if (!validation.ok) throw new UserInputError(`Cell "${variant || "base"}" cannot run:\n${validation.issues.map((i) => `- ${i.message}`).join("\n")}`);
        checked.set(variant, graph);
      }
      const profile = settings.find(([f]) => f.kind === "profileSource");
      for (let repetition = 0; repetition < spec.repetitions; repetition++) {
        const values = Object.fromEntries(settings.map(([f, v]) => [factorName(f), v]));
        const label = [...settings.map(([f, v]) => valueLabel(f, v)), ...(spec.repetitions > 1 ? [`rep ${repetition + 1}`] : [])].join(" · ") || "base";
        cells.push({
          index: cells.length,
          datasetId,
          values,
          repetition,
          label,
          graph,
          variant,
          config: {
            limit: spec.limit,
            seed: spec.seed + repetition,
            concurrency: spec.concurrency,
            useCache: spec.useCache,
            profileSource: (profile?.[1] as ProfileSource | undefined) ?? "own",
          },
        });
      }
    }
  }
  return cells;
}

/** Model calls one example of a graph makes: [fewest, most] (RPI may continue up to its limits). */
export function modelCallsPerItem(graph: PipelineGraphInput): [number, number] {
  let low = 0;
  let high = 0;
  for (const node of graph.nodes) {
    const p = (node.params ?? {}) as Record<string, unknown>;
    const rules = (p.rules ?? {}) as { maxInterventions?: number; budget?: { enabled?: boolean } };
    const interventions = (rules.maxInterventions ?? 3) + (rules.budget?.enabled === false ? 0 : 1);
    if (node.kind === "generate") [low, high] = [low + 1, high + 1];
    else if (node.kind === "intervene") [low, high] = [low + 1, high + 1 + interventions];
    else if (node.kind === "think-budget") [low, high] = [low + 1, high + 2];
    else if (node.kind === "self-reference") {
      const n = typeof p.candidates === "number" ? p.candidates : 3;
      const synthesis = p.mode === "vote" ? 0 : 1;
      const perCandidate = p.useIntervention === false ? 1 : 1 + interventions;
      [low, high] = [low + n + synthesis, high + n * perCandidate + synthesis];
    }
  }
  return [low, high];
}
