// Imports one LaMP file pair (questions + optional outputs) as a Dataset with its Examples.
// All-or-nothing: the questions file is streamed inside one transaction and any bad record,
// stray gold id or task mismatch rolls everything back, so a bad file changes nothing.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openBulkWriter } from "../db/bulkWriter";
import { databaseTargetOf, type Db } from "../db/client";
import { UserInputError } from "../errors";
import { LampFormatError } from "./lampFormatError";
import { assertReadableFile, entryExists } from "./fileAccess";
import { readOutputsFile, readQuestionsFile, repeatedProfileIds, validateGoldOutput, type LampGold, type LampQuestion } from "./lampFiles";
import { LAMP_TASKS, detectLamp2Variant, detectTaskFromExample, parseTaskName, type TaskKey } from "./tasks";

export const SPLITS = ["train", "dev", "test"] as const;
export type Split = (typeof SPLITS)[number];
export const SPLIT_KINDS = ["user", "time"] as const;
export type SplitKind = (typeof SPLIT_KINDS)[number];
export type DatasetSource = "sample" | "import";

export type ImportOptions = {
  name: string;
  /** Else taken from the outputs file's "task" (LaMP_2 resolved from the data) or the input text. */
  task?: TaskKey;
  split: Split;
  splitKind?: SplitKind;
  source: DatasetSource;
  description?: string;
  questionsPath: string;
  outputsPath?: string;
};

export type ImportProgress = { phase: "outputs" | "questions" | "done"; records: number; bytesRead: number; totalBytes: number };
export type ImportHooks = { onProgress?(p: ImportProgress): void };
export type ImportResult = {
  datasetId: string;
  task: TaskKey;
  exampleCount: number;
  goldCount: number;
  /** What imported but deserves a look (repeated profile ids, questions without a gold); empty when nothing. */
  warnings: string[];
};

/** How many ids a warning lists before "...". */
const SHOWN_IDS = 5;

// Rows are written in batches between file reads, so memory holds one batch at most.
const BATCH_ROWS = 500;
const BATCH_BYTES = 8 << 20;

type ExampleRow = {
  id: string;
  datasetId: string;
  position: number;
  exampleId: string;
  userId: string | null;
  input: string;
  profileJson: string;
  profileSize: number;
  gold: string | null;
};

export async function importDataset(db: Db, opts: ImportOptions, hooks: ImportHooks = {}): Promise<ImportResult> {
  checkOptions(opts);
  await assertReadableFile(opts.questionsPath, "questions");
  if (await db.dataset.findUnique({ where: { name: opts.name }, select: { id: true } })) {
    throw new UserInputError(`A dataset named "${opts.name}" already exists; choose another name.`);
  }
  const questionsFile = path.basename(opts.questionsPath);
  const totalBytes = (await fs.promises.stat(opts.questionsPath)).size;
  const report = (p: ImportProgress) => hooks.onProgress?.(p);

  let golds: LampGold[] = [];
  let fileTask: TaskKey | null = null;
  const outputsFile = opts.outputsPath ? path.basename(opts.outputsPath) : "";
  if (opts.outputsPath) {
    report({ phase: "outputs", records: 0, bytesRead: 0, totalBytes });
    const outputs = await readOutputsFile(opts.outputsPath);
    golds = outputs.golds;
    fileTask = taskOfOutputsFile(outputs.task, outputsFile);
    if (opts.task && LAMP_TASKS[opts.task].fileTaskName !== LAMP_TASKS[fileTask].fileTaskName) {
      throw new LampFormatError(
        `${outputsFile}: "task" is "${outputs.task}" but the import is for ${opts.task} (files say "${LAMP_TASKS[opts.task].fileTaskName}")`,
      );
    }
  }

  const resolveTask = (first: LampQuestion): TaskKey => {
    if (opts.task) return opts.task;
    if (fileTask === "LaMP-2") {
      const variant = detectLamp2Variant(first);
      if (!variant) {
        throw new LampFormatError(
          `${questionsFile}: record 0 (id ${JSON.stringify(first.id)}) shows neither LaMP-2 variant (movie tags or news categories); pass the task (LaMP-2 or LaMP-2N)`,
        );
      }
      return variant;
    }
    if (fileTask) return fileTask;
    const detected = detectTaskFromExample(first);
    if (!detected) {
      throw new LampFormatError(
        `${questionsFile}: cannot tell the task from record 0 (id ${JSON.stringify(first.id)}); pass the task (${Object.keys(LAMP_TASKS).join(", ")})`,
      );
    }
    return detected;
  };

  const goldIndex = new Map<string, number>(golds.map((g, i) => [g.id, i]));
  const matchedGolds = new Set<string>();
  const warnings = new ImportWarnings(questionsFile, outputsFile);

  // Its own connection and transaction, on SQLite or PostgreSQL alike (server/db/bulkWriter.ts).
  const writer = await openBulkWriter(databaseTargetOf(db));
  try {
    let datasetId: string | null = null;
    let task: TaskKey | null = null;
    let batch: ExampleRow[] = [];
    let batchBytes = 0;
    let records = 0;
    let bytesRead = 0;

    const flush = async () => {
      await writer.insert("Example", batch);
      batch = [];
      batchBytes = 0;
    };

    const questions = readQuestionsFile(opts.questionsPath, {
      task: resolveTask,
      onProgress: (p) => {
        bytesRead = p.bytesRead;
        report({ phase: "questions", records, bytesRead, totalBytes });
      },
    });
    for await (const question of questions) {
      if (datasetId === null) {
        task = question.task as TaskKey;
        golds.forEach((g, i) => validateGoldOutput(task as TaskKey, g, outputsFile, i));
        datasetId = crypto.randomUUID();
        await writer.insert("Dataset", [
          {
            id: datasetId,
            name: opts.name,
            task,
            split: opts.split,
            splitKind: opts.splitKind ?? "user",
            source: opts.source,
            description: opts.description ?? "",
            exampleCount: 0,
            goldCount: 0,
            createdAt: new Date(),
          },
        ]);
      }
      const goldAt = goldIndex.get(question.id);
      if (goldAt !== undefined) matchedGolds.add(question.id);
      else warnings.noGold(question.id);
      warnings.repeatedProfileIds(question.index, question.id, repeatedProfileIds(question));
      const profileJson = JSON.stringify(question.profile);
      batch.push({
        id: crypto.randomUUID(),
        datasetId,
        position: question.index,
        exampleId: question.id,
        userId: question.userId,
        input: question.input,
        profileJson,
        profileSize: question.profile.length,
        gold: goldAt === undefined ? null : golds[goldAt].output,
      });
      batchBytes += profileJson.length + question.input.length;
      records += 1;
      if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
    }
    if (datasetId === null || task === null) throw new LampFormatError(`${questionsFile} holds no questions`);
    await flush();

    if (matchedGolds.size !== golds.length) {
      const stray = golds.filter((g) => !matchedGolds.has(g.id)).map((g) => JSON.stringify(g.id));
      throw new LampFormatError(
        `${outputsFile}: ${stray.length} gold id(s) are not in ${questionsFile}: ${stray.slice(0, 10).join(", ")}${stray.length > 10 ? ", ..." : ""}`,
      );
    }
    await writer.update("Dataset", datasetId, { exampleCount: records, goldCount: matchedGolds.size });
    await writer.commit();
    report({ phase: "done", records, bytesRead, totalBytes });
    return { datasetId, task, exampleCount: records, goldCount: matchedGolds.size, warnings: warnings.list(records, opts.outputsPath !== undefined) };
  } catch (err) {
    await writer.rollback();
    // Another import may have taken the name between the check above and the insert.
    if (writer.isUniqueViolation(err, "Dataset", "name")) {
      throw new UserInputError(`A dataset named "${opts.name}" already exists; choose another name.`);
    }
    throw err;
  }
}

/** Collects what the import lets through but reports: repeated profile ids, and questions an outputs file leaves without a gold. */
class ImportWarnings {
  private readonly withoutGold: string[] = [];
  private withoutGoldCount = 0;
  private readonly repeats: string[] = [];
  private repeatCount = 0;

  constructor(
    private readonly questionsFile: string,
    private readonly outputsFile: string,
  ) {}

  noGold(id: string): void {
    this.withoutGoldCount += 1;
    if (this.withoutGold.length < SHOWN_IDS) this.withoutGold.push(JSON.stringify(id));
  }

  repeatedProfileIds(index: number, id: string, repeated: string[]): void {
    if (repeated.length === 0) return;
    this.repeatCount += 1;
    if (this.repeats.length < SHOWN_IDS) this.repeats.push(`record ${index} (id ${JSON.stringify(id)}): ${repeated.map((r) => JSON.stringify(r)).join(", ")}`);
  }

  list(records: number, hasOutputs: boolean): string[] {
    const out: string[] = [];
    if (this.repeatCount > 0) {
      out.push(
        `${this.questionsFile}: ${this.repeatCount} record(s) have profile items with the same id, which retrieval results and item references cannot tell apart: ` +
          `${this.repeats.join("; ")}${this.repeatCount > this.repeats.length ? "; ..." : ""}`,
      );
    }
    if (hasOutputs && this.withoutGoldCount > 0) {
      out.push(
        `${this.outputsFile}: ${this.withoutGoldCount} of ${records} questions have no gold output (they are not scored): ` +
          `${this.withoutGold.join(", ")}${this.withoutGoldCount > this.withoutGold.length ? ", ..." : ""}`,
      );
    }
    return out;
  }
}

function taskOfOutputsFile(name: string, file: string): TaskKey {
  try {
    return parseTaskName(name);
  } catch {
    throw new LampFormatError(`${file}: "task" is ${JSON.stringify(name)}, not a LaMP task name (LaMP_1 .. LaMP_7)`);
  }
}

function checkOptions(opts: ImportOptions): void {
  if (opts.name.trim() === "") throw new UserInputError("A dataset needs a name.");
  for (const [field, text] of [["name", opts.name], ["description", opts.description ?? ""]] as const) {
    if (text.includes("\u0000")) throw new UserInputError(`The dataset ${field} contains a NUL character (U+0000), which the studio does not store.`);
  }
  if (!(SPLITS as readonly string[]).includes(opts.split)) {
    throw new UserInputError(`Unknown split "${opts.split}"; expected one of ${SPLITS.join(", ")}.`);
  }
  if (opts.splitKind !== undefined && !(SPLIT_KINDS as readonly string[]).includes(opts.splitKind)) {
    throw new UserInputError(`Unknown split kind "${opts.splitKind}"; expected one of ${SPLIT_KINDS.join(", ")}.`);
  }
  if (opts.source !== "sample" && opts.source !== "import") {
    throw new UserInputError(`Unknown dataset source "${String(opts.source)}"; expected sample or import.`);
  }
}

/**
 * Imports `{split}_questions.json` (required) and `{split}_outputs.json` (when present) from a
 * folder laid out like the LaMP downloads.
 */
export async function importDatasetFromDirectory(
  db: Db,
  dir: string,
  opts: Omit<ImportOptions, "questionsPath" | "outputsPath">,
  hooks: ImportHooks = {},
): Promise<ImportResult> {
  const questionsPath = path.join(dir, `${opts.split}_questions.json`);
  if (!entryExists(questionsPath)) {
    throw new UserInputError(`${dir} has no ${opts.split}_questions.json`);
  }
  // Anything under the outputs name is read (a directory or a broken link is an error naming it), never skipped.
  const outputsPath = path.join(dir, `${opts.split}_outputs.json`);
  return importDataset(db, { ...opts, questionsPath, outputsPath: entryExists(outputsPath) ? outputsPath : undefined }, hooks);
}
