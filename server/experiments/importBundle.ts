import type { Db } from "../db/client";
import { importRunBundle } from "../runs/importRunBundle";
import { EXPERIMENT_BUNDLE_FORMAT, importExperimentBundle } from "./experimentBundle";

/** What a bundle brought in: a run, or an experiment with its runs. */
export type ImportedBundle =
  | { kind: "run"; runId: string; pipelineId: string; reusedDataset: boolean }
  | { kind: "experiment"; experimentId: string; runIds: string[] };

/** Imports a run bundle or an experiment bundle, told apart by the experiment bundle's format tag. */
export async function importAnyBundle(db: Db, bundle: unknown): Promise<ImportedBundle> {
  if ((bundle as { format?: unknown } | null)?.format === EXPERIMENT_BUNDLE_FORMAT) {
    const experiment = await importExperimentBundle(db, bundle);
    return { kind: "experiment", ...experiment };
  }
  const run = await importRunBundle(db, bundle);
  return { kind: "run", runId: run.runId, pipelineId: run.pipelineId, reusedDataset: run.reusedDataset };
}
