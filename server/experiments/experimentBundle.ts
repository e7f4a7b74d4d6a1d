// An experiment to share with another studio: its design and every cell as a run bundle (the run
// bundle format: pipeline, dataset, config with pinned endpoints and no secret, every item). Import
// recreates the experiment around the imported runs, so its page, contrasts and report read the same.
import { z } from "zod";
import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { findTooDeep, formatJsonPath } from "../jsonLimits";
import { BundleError, checkRunBundle, describeIssues, type CheckedRunBundle } from "../runs/checkRunBundle";
import { writeRunBundle, type ImportedRun } from "../runs/importRunBundle";
import { exportRunBundle } from "../runs/runBundle";
import { BUNDLE_LIMITS } from "../runs/runBundleSchema";
import { parseJsonAs } from "../safeJson";
import { experimentCellSchema, experimentSpecSchema } from "./experimentSpec";

export const EXPERIMENT_BUNDLE_FORMAT = "reaper-studio-experiment";
const EXPERIMENT_BUNDLE_VERSION = 1;

/** A cell as a bundle carries it: the stored cell, bounded. */
const bundleCellSchema = experimentCellSchema.extend({
  index: z.number().int().min(0).max(100_000),
  repetition: z.number().int().min(0).max(100_000),
  label: z.string().max(1_000),
});

const experimentBundleSchema = z.strictObject({
  format: z.literal(EXPERIMENT_BUNDLE_FORMAT),
  version: z.literal(EXPERIMENT_BUNDLE_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !name.includes("\u0000"), "contains a NUL character (U+0000), which the studio does not store"),
  spec: z.unknown(),
  cells: z.array(z.strictObject({ cell: bundleCellSchema, run: z.unknown() })).min(1).max(1000),
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

/** Checks every cell's run bundle before anything is written, so a bad cell anywhere leaves the database as it was. */
function checkCells(bundle: z.infer<typeof experimentBundleSchema>): CheckedRunBundle[] {
  return bundle.cells.map((cell, i) => {
    try {
      return checkRunBundle(cell.run);
    } catch (err) {
      if (err instanceof BundleError) throw new BundleError(`Cell ${i + 1} ("${cell.cell.label}"), cells[${i}].run: ${err.message}`);
      throw err;
    }
  });
}

/** Removes what the cells imported so far added (their runs, and the datasets and pipelines they did not reuse). */
async function removeImported(db: Db, imported: readonly ImportedRun[]): Promise<void> {
  await db.run.deleteMany({ where: { id: { in: imported.map((r) => r.runId) } } });
  await db.pipeline.deleteMany({ where: { id: { in: imported.filter((r) => !r.reusedPipeline).map((r) => r.pipelineId) } } });
  await db.dataset.deleteMany({ where: { id: { in: imported.filter((r) => !r.reusedDataset).map((r) => r.datasetId) } } });
}

/**
 * Imports every cell's run, then the experiment around them. Every cell is checked first; should a
 * write still fail, what the earlier cells added is removed, so a refused bundle changes nothing.
 */
export async function importExperimentBundle(db: Db, raw: unknown): Promise<{ experimentId: string; runIds: string[] }> {
  // A cell's run bundle starts 3 levels down (bundle, cells, cell); checkRunBundle bounds it from there.
  const maxDepth = BUNDLE_LIMITS.depth + 3;
  const deep = findTooDeep(raw, maxDepth);
  if (deep) throw new BundleError(`Not a ReaPer Studio experiment bundle: ${formatJsonPath(deep)}: nested deeper than ${maxDepth} levels.`);
  const parsed = experimentBundleSchema.safeParse(raw);
  if (!parsed.success) throw new BundleError(`Not a ReaPer Studio experiment bundle: ${describeIssues(parsed.error.issues)}`);
  const bundle = parsed.data;
  const spec = experimentSpecSchema.safeParse(bundle.spec);
  if (!spec.success) throw new BundleError(`The bundle's design is not valid: ${describeIssues(spec.error.issues, ["spec"])}`);
  const checked = checkCells(bundle);

  const imported: ImportedRun[] = [];
  try {
    // One cell after the other: a later cell reuses the dataset and pipeline an earlier one brought.
    for (const cell of checked) imported.push(await writeRunBundle(db, cell));
    const runIds = imported.map((r) => r.runId);
    // The design names this studio's rows: the imported first cell's pipeline version and the imported datasets.
    const local = { ...spec.data, pipelineVersionId: imported[0]!.pipelineVersionId, datasetIds: [...new Set(imported.map((r) => r.datasetId))] };
    const experiment = await db.experiment.create({ data: { name: bundle.name, specJson: JSON.stringify(local) }, select: { id: true } });
    for (const [i, cell] of bundle.cells.entries()) {
      await db.run.update({ where: { id: runIds[i]! }, data: { experimentId: experiment.id, cellJson: JSON.stringify(cell.cell) } });
    }
    return { experimentId: experiment.id, runIds };
  } catch (err) {
    await removeImported(db, imported);
    throw err;
  }
}
