// An experiment's lifecycle, over the one run service: create expands the design into cells,
// stores each derived graph as a pipeline a user can open, and creates one ordinary run per cell
// (each pinning its own endpoints); start, cancel and resume act on all of its runs, on whichever
// executor the run service has (in-process or BullMQ workers).
import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { createPipeline, latestVersionOf, savePipelineVersion } from "../pipelines/pipelineStore";
import { pipelineGraphSchema } from "../pipeline/graphSchema";
import { parseJsonAs } from "../safeJson";
import type { RunService } from "../runs/runService";
import { expandExperiment, modelCallsPerItem, type ExpandedCell } from "./expandExperiment";
import { experimentSpecSchema, type ExperimentSpec, type ExperimentSpecInput } from "./experimentSpec";

export type ExperimentSize = { runs: number; items: number; modelCalls: [number, number] };

async function designOf(db: Db, registry: NodeRegistry, input: ExperimentSpecInput) {
  const parsed = experimentSpecSchema.safeParse(input);
  if (!parsed.success) throw new UserInputError(`Experiment: ${parsed.error.issues.map((i) => `${i.path.join(".") || "spec"}: ${i.message}`).join("; ")}`);
  const spec = parsed.data;
  const version = await db.pipelineVersion.findUnique({
    where: { id: spec.pipelineVersionId },
    select: { id: true, version: true, graphJson: true, pipeline: { select: { id: true, name: true } } },
  });
  if (!version) throw new NotFoundError(`Pipeline version ${spec.pipelineVersionId} does not exist.`);
  const datasets = await db.dataset.findMany({ where: { id: { in: spec.datasetIds } }, select: { id: true, name: true, exampleCount: true, task: true } });
  const missing = spec.datasetIds.filter((id) => !datasets.some((d) => d.id === id));
  if (missing.length > 0) throw new NotFoundError(`Datasets not found: ${missing.join(", ")}`);
  if (new Set(datasets.map((d) => d.task)).size > 1) throw new UserInputError("An experiment's datasets must be of one task, so that its cells compare.");
  const base = parseJsonAs(version.graphJson, pipelineGraphSchema, `PipelineVersion ${version.id}.graphJson`);
  const cells = expandExperiment(spec, base, registry);
  return { spec, version, datasets, cells };
}

/** How big the experiment is before it starts: runs x items x model calls (a range: RPI may continue). */
function sizeOf(cells: readonly ExpandedCell[], datasets: ReadonlyArray<{ id: string; exampleCount: number }>, spec: ExperimentSpec): ExperimentSize {
  let items = 0;
  const calls: [number, number] = [0, 0];
  for (const cell of cells) {
    const n = Math.min(spec.limit ?? Infinity, datasets.find((d) => d.id === cell.datasetId)!.exampleCount);
    const [low, high] = modelCallsPerItem(cell.graph);
    items += n;
    calls[0] += n * low;
    calls[1] += n * high;
  }
  return { runs: cells.length, items, modelCalls: calls };
}

/** The stored pipeline of a variant: created once, a new version only when its graph changed. */
async function pipelineVersionFor(db: Db, registry: NodeRegistry, baseName: string, cell: ExpandedCell): Promise<string> {
  if (cell.variant === "") return "";
  const name = `${baseName} [${cell.variant}]`;
  const existing = await db.pipeline.findUnique({ where: { name }, select: { id: true } });
  if (!existing) return (await createPipeline(db, registry, { name, description: `Derived by an experiment from "${baseName}": ${cell.variant}.`, graph: cell.graph })).versionId;
  const latest = await latestVersionOf(db, existing.id);
  const graph = pipelineGraphSchema.parse(cell.graph);
  if (JSON.stringify(latest.graph) === JSON.stringify(graph)) return latest.id;
  return (await savePipelineVersion(db, registry, { pipelineId: existing.id, graph: cell.graph, note: "derived by an experiment" })).versionId;
}

export function createExperimentService(db: Db, runs: RunService, registry: NodeRegistry) {
  return {
    /** The size of a design, without creating anything. */
    async estimate(input: ExperimentSpecInput): Promise<ExperimentSize & { cells: string[] }> {
      const { spec, datasets, cells } = await designOf(db, registry, input);
      return { ...sizeOf(cells, datasets, spec), cells: cells.map((c) => c.label) };
    },

    /** Stores the experiment, its derived pipelines and one created (not started) run per cell. */
    async create(input: ExperimentSpecInput): Promise<{ experimentId: string; runIds: string[]; size: ExperimentSize }> {
      const { spec, version, datasets, cells } = await designOf(db, registry, input);
      const experiment = await db.experiment.create({ data: { name: spec.name, specJson: JSON.stringify(spec) }, select: { id: true } });
      const runIds: string[] = [];
      try {
        const versions = new Map<string, string>();
        for (const cell of cells) {
          if (!versions.has(cell.variant)) versions.set(cell.variant, (await pipelineVersionFor(db, registry, version.pipeline.name, cell)) || version.id);
          const dataset = datasets.find((d) => d.id === cell.datasetId)!;
          const created = await runs.create({
            pipelineVersionId: versions.get(cell.variant)!,
            datasetId: cell.datasetId,
            name: `${spec.name}: ${cell.label}${spec.datasetIds.length > 1 ? ` on ${dataset.name}` : ""}`,
            config: cell.config,
            experiment: { id: experiment.id, cellJson: JSON.stringify({ index: cell.index, values: cell.values, repetition: cell.repetition, label: cell.label }) },
          });
          runIds.push(created.runId);
        }
      } catch (err) {
        // Nothing half-made: the experiment and the runs created so far go (the derived pipelines stay, as saved versions).
        await db.experiment.delete({ where: { id: experiment.id } });
        throw err;
      }
      return { experimentId: experiment.id, runIds, size: sizeOf(cells, datasets, spec) };
    },

    /** Starts every run that is not complete (a resume for runs that stopped); returns the started run ids. */
    async start(experimentId: string, options: { repin?: boolean } = {}): Promise<{ started: string[]; warnings: string[] }> {
      const list = await runsOf(db, experimentId);
      const started: string[] = [];
      const warnings: string[] = [];
      for (const run of list) {
        if ((run.status === "completed" && run.failedItems === 0) || runs.isActive(run)) continue;
        const result = await runs.start(run.id, options);
        started.push(run.id);
        warnings.push(...result.warnings);
      }
      return { started, warnings: [...new Set(warnings)] };
    },

    /** Cancels every run still executing. */
    async cancel(experimentId: string): Promise<{ cancelled: string[] }> {
      const list = await runsOf(db, experimentId);
      const cancelled: string[] = [];
      for (const run of list) {
        if (!runs.isActive(run)) continue;
        await runs.cancel(run.id);
        cancelled.push(run.id);
      }
      return { cancelled };
    },

    /** Waits until none of the experiment's runs executes. */
    async waitUntilStopped(experimentId: string): Promise<void> {
      for (const run of await runsOf(db, experimentId)) await runs.waitUntilStopped(run.id);
    },
  };
}

async function runsOf(db: Db, experimentId: string) {
  const experiment = await db.experiment.findUnique({ where: { id: experimentId }, select: { runs: { select: { id: true, status: true, failedItems: true } } } });
  if (!experiment) throw new NotFoundError(`Experiment ${experimentId} does not exist.`);
  return experiment.runs;
}

