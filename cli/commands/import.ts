import path from "node:path";
import { parseArgs } from "node:util";
import { importAnyBundle } from "../../server/experiments/importBundle";
import { openDatabase } from "../../server/db/client";
import {
  SPLITS,
  SPLIT_KINDS,
  importDataset,
  importDatasetFromDirectory,
  type ImportProgress,
  type Split,
  type SplitKind,
} from "../../server/lamp/importDataset";
import { parseTaskName } from "../../server/lamp/tasks";
import { parseJson, StoredJsonError } from "../../server/safeJson";
import fs from "node:fs";

export const description = "Import a LaMP questions file (+ outputs file) as a dataset";

const USAGE = `Usage:
  npm run cli -- import --questions FILE [--outputs FILE] --split dev [options]
  npm run cli -- import --dir DIR --split dev [options]   (reads DIR/{split}_questions.json and, if present, DIR/{split}_outputs.json)
  npm run cli -- import --bundle FILE                      (a run exported with export --run ID --bundle,
                                                           or an experiment exported with export --experiment ID)

Options:
  --task KEY          LaMP-1 .. LaMP-7 or LaMP-2N; default: from the outputs file or the input text
  --name NAME         dataset name; default: "<folder> (<split>)"
  --split-kind KIND   user (default) or time
  --description TEXT  free text shown in the studio
Uses DATABASE_URL like the studio (default data/studio.db).`;

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

/** Progress on stderr at most a few times a second: one overwritten line on a terminal. */
function progressPrinter(): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === "questions" && now - last < 250) return;
    last = now;
    const share = p.totalBytes > 0 ? ((100 * p.bytesRead) / p.totalBytes).toFixed(1) : "100.0";
    const line = `${p.phase}: ${formatBytes(p.bytesRead)} / ${formatBytes(p.totalBytes)} (${share}%), ${p.records} records`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K${p.phase === "done" ? "\n" : ""}`);
    else console.error(line);
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: "string" },
      outputs: { type: "string" },
      dir: { type: "string" },
      split: { type: "string" },
      task: { type: "string" },
      name: { type: "string" },
      "split-kind": { type: "string" },
      description: { type: "string" },
      bundle: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.bundle !== undefined) return importBundleFile(values.bundle);
  if (!values.split || !(SPLITS as readonly string[]).includes(values.split)) {
    console.error(`--split is required and must be one of ${SPLITS.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  if ((values.dir === undefined) === (values.questions === undefined)) {
    console.error(`Give either --dir or --questions.\n\n${USAGE}`);
    return 2;
  }
  if (values.dir !== undefined && values.outputs !== undefined) {
    console.error("--outputs goes with --questions; with --dir the outputs file is found by name.");
    return 2;
  }
  const splitKind = values["split-kind"] ?? "user";
  if (!(SPLIT_KINDS as readonly string[]).includes(splitKind)) {
    console.error(`--split-kind must be one of ${SPLIT_KINDS.join(", ")}.`);
    return 2;
  }
  const split = values.split as Split;
  const folder = path.basename(path.resolve(values.dir ?? path.dirname(values.questions as string)));
  const common = {
    name: values.name ?? `${folder} (${split})`,
    task: values.task === undefined ? undefined : parseTaskName(values.task),
    split,
    splitKind: splitKind as SplitKind,
    source: "import" as const,
    description: values.description,
  };

  const db = openDatabase();
  const started = Date.now();
  try {
    const hooks = { onProgress: progressPrinter() };
    const result = values.dir
      ? await importDatasetFromDirectory(db, values.dir, common, hooks)
      : await importDataset(db, { ...common, questionsPath: values.questions as string, outputsPath: values.outputs }, hooks);
    console.log(
      `Imported "${common.name}": ${result.task} ${split} (${splitKind}-based), ${result.exampleCount} examples, ` +
        `${result.goldCount} with a gold output, in ${((Date.now() - started) / 1000).toFixed(1)} s (dataset id ${result.datasetId}).`,
    );
    for (const warning of result.warnings) console.error(`Warning: ${warning}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

async function importBundleFile(file: string): Promise<number> {
  let bundle: unknown;
  try {
    // The prototype-safe parser, as for every JSON from outside (server/safeJson.ts).
    bundle = parseJson(await fs.promises.readFile(file, "utf8"), file);
  } catch (err) {
    console.error(err instanceof StoredJsonError ? err.message : `${file}: ${(err as Error).message}`);
    return 1;
  }
  const db = openDatabase();
  try {
    const imported = await importAnyBundle(db, bundle);
    if (imported.kind === "experiment") console.log(`Imported experiment ${imported.experimentId} (${imported.runIds.length} runs).`);
    else
      console.log(
        `Imported run ${imported.runId} (${imported.reusedDataset ? "examples matched an existing dataset" : "with a new dataset"}, pipeline ${imported.pipelineId}).`,
      );
    return 0;
  } finally {
    await db.$disconnect();
  }
}
