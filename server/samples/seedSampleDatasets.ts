import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client";
import { importDataset } from "../lamp/importDataset";
import { parseTaskName } from "../lamp/tasks";

/** Built-in LaMP-format samples written for this project (samples/lamp/README.md). */
export const SAMPLES_DIR = path.join(process.cwd(), "samples", "lamp");

export type SeedReport = { created: string[]; present: string[] };

export function sampleDatasetName(taskKey: string): string {
  return `${taskKey} sample (dev)`;
}

/**
 * Imports every sample set that is not in the database yet. Idempotent, so it runs at every start;
 * a user who deletes a sample gets it back on the next start, which keeps the first screen useful.
 */
export async function seedSampleDatasets(db: Db, dir: string = SAMPLES_DIR): Promise<SeedReport> {
  if (!fs.existsSync(dir)) throw new Error(`Sample datasets folder not found: ${dir}`);
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^LaMP_\d+N?$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const report: SeedReport = { created: [], present: [] };
  for (const folder of folders) {
    // Folder names are file-style task names (LaMP_2N); datasets use the studio's keys (LaMP-2N).
    const task = parseTaskName(folder);
    const name = sampleDatasetName(task);
    if (await db.dataset.findUnique({ where: { name }, select: { id: true } })) {
      report.present.push(name);
      continue;
    }
    await importDataset(db, {
      name,
      task,
      split: "dev",
      splitKind: "user",
      source: "sample",
      description: "Built-in sample written for ReaPer Studio (not LaMP data).",
      questionsPath: path.join(dir, folder, "dev_questions.json"),
      outputsPath: path.join(dir, folder, "dev_outputs.json"),
    });
    report.created.push(name);
  }
  return report;
}
