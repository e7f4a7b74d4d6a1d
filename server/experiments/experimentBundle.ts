// An experiment to share with another studio: its design and every cell as a run bundle (the run
// bundle format: pipeline, dataset, config with pinned endpoints and no secret, every item). Import
// recreates the experiment around the imported runs, so its page, contrasts and report read the same.
import { z } from "zod";
import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { parseJsonAs } from "../safeJson";
import { exportRunBundle, importRunBundle } from "../runs/runBundle";
import { experimentCellSchema, experimentSpecSchema } from "./experimentSpec";

export const EXPERIMENT_BUNDLE_FORMAT = "reaper-studio-experiment";
const EXPERIMENT_BUNDLE_VERSION = 1;

const experimentBundleSchema = z.object({
  format: z.literal(EXPERIMENT_BUNDLE_FORMAT),
  version: z.literal(EXPERIMENT_BUNDLE_VERSION),
  exportedAt: z.string(),
  name: z.string().trim().min(1).max(200),
  spec: z.unknown(),
  cells: z.array(z.object({ cell: experimentCellSchema, run: z.unknown() })).min(1).max(1000),
});

export async function exportExperimentBundle(db: Db, experimentId: string) {
  const experiment = await db.experiment.findUnique({
    where: { id: experimentId },
    select: { name: true, specJson: true, runs: { select: { id: true, cellJson: true } } },
  });
  if (!experiment) throw new NotFoundError(`Experiment ${experimentId} does not exist.`);
  const cells = [];
  for (const run of experiment.runs) {
    cells.push({ cell: parseJsonAs(run.cellJson, experimentCellSchema, `Run ${run.id}.cellJson`), run: await exportRunBundle(db, run.id) });
  }
  cells.sort((a, b) => a.cell.index - b.cell.index);
  return {
    format: EXPERIMENT_BUNDLE_FORMAT,
    version: EXPERIMENT_BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    name: experiment.name,
    spec: parseJsonAs(experiment.specJson, experimentSpecSchema, `Experiment ${experimentId}.specJson`),
    cells,
  };
}

/** Imports every cell's run, then the experiment around them; nothing of the experiment stays when a cell cannot be imported. */
export async function importExperimentBundle(db: Db, raw: unknown): Promise<{ experimentId: string; runIds: string[] }> {
  const parsed = experimentBundleSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new UserInputError(`Not a ReaPer Studio experiment bundle: ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  const bundle = parsed.data;
  const spec = experimentSpecSchema.safeParse(bundle.spec);
  if (!spec.success) throw new UserInputError(`The bundle's design is not valid: ${spec.error.issues.map((i) => `spec.${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const runIds: string[] = [];
  try {
    for (const [i, cell] of bundle.cells.entries()) {
      try {
        runIds.push((await importRunBundle(db, cell.run)).runId);
      } catch (err) {
        throw new UserInputError(`Cell ${i + 1} ("${cell.cell.label}"): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // The design names this studio's rows: the imported first cell's pipeline version and the imported datasets.
    const runs = await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, datasetId: true, pipelineVersionId: true } });
    const byId = new Map(runs.map((r) => [r.id, r]));
    const local = { ...spec.data, pipelineVersionId: byId.get(runIds[0]!)!.pipelineVersionId, datasetIds: [...new Set(runIds.map((id) => byId.get(id)!.datasetId))] };
    const experiment = await db.experiment.create({ data: { name: bundle.name, specJson: JSON.stringify(local) }, select: { id: true } });
    for (const [i, cell] of bundle.cells.entries()) {
      await db.run.update({ where: { id: runIds[i]! }, data: { experimentId: experiment.id, cellJson: JSON.stringify(cell.cell) } });
    }
    return { experimentId: experiment.id, runIds };
  } catch (err) {
    await db.run.deleteMany({ where: { id: { in: runIds } } });
    throw err;
  }
}
