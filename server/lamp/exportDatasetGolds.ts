// Exporting what a dataset already holds: its gold outputs as an official outputs file.
import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { LampFormatError } from "./lampFormatError";
import { writePredictionsFile, type LampPredictionsFile } from "./exportPredictions";
import { isTaskKey, type TaskKey } from "./tasks";

export type DatasetRef = { id: string } | { name: string };

export async function findDatasetTask(db: Db, ref: DatasetRef): Promise<{ id: string; name: string; task: TaskKey }> {
  const dataset = await db.dataset.findUnique({
    where: "id" in ref ? { id: ref.id } : { name: ref.name },
    select: { id: true, name: true, task: true },
  });
  if (!dataset) throw new NotFoundError(`Dataset ${"id" in ref ? ref.id : JSON.stringify(ref.name)} does not exist.`);
  if (!isTaskKey(dataset.task)) throw new LampFormatError(`Dataset "${dataset.name}" has unknown task "${dataset.task}"`);
  return { id: dataset.id, name: dataset.name, task: dataset.task };
}

/** Example ids in file order: the order an exported predictions file must follow. */
export async function datasetExampleOrder(db: Db, datasetId: string): Promise<string[]> {
  const rows = await db.example.findMany({
    where: { datasetId },
    orderBy: { position: "asc" },
    select: { exampleId: true },
  });
  return rows.map((r) => r.exampleId);
}

/** Writes the dataset's gold outputs in file order; examples without a gold are left out. */
export async function exportDatasetGolds(db: Db, ref: DatasetRef, filePath: string): Promise<LampPredictionsFile> {
  const dataset = await findDatasetTask(db, ref);
  const rows = await db.example.findMany({
    where: { datasetId: dataset.id, gold: { not: null } },
    orderBy: { position: "asc" },
    select: { exampleId: true, gold: true },
  });
  if (rows.length === 0) throw new LampFormatError(`Dataset "${dataset.name}" has no gold outputs to export`);
  return writePredictionsFile(
    filePath,
    dataset.task,
    rows.map((r) => ({ exampleId: r.exampleId, output: r.gold as string })),
  );
}
