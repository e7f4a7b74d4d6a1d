import type { Db } from "../db/client";
import { importDataset, type ImportResult, type Split, type SplitKind } from "../lamp/importDataset";
import type { TaskKey } from "../lamp/tasks";
import { removeUpload, uploadPath } from "./uploads";

/** Imports uploaded LaMP files through the CLI's importer (same checks, same located errors); the uploads go either way. */
export async function importUploadedDataset(
  db: Db,
  input: { name: string; split: Split; splitKind?: SplitKind; task?: TaskKey; description?: string; questionsUpload: string; outputsUpload?: string },
): Promise<ImportResult> {
  try {
    const questionsPath = await uploadPath(input.questionsUpload);
    const outputsPath = input.outputsUpload ? await uploadPath(input.outputsUpload) : undefined;
    return await importDataset(db, {
      name: input.name,
      split: input.split,
      splitKind: input.splitKind,
      task: input.task,
      description: input.description,
      source: "import",
      questionsPath,
      outputsPath,
    });
  } finally {
    await removeUpload(input.questionsUpload);
    if (input.outputsUpload) await removeUpload(input.outputsUpload);
  }
}
