// Readers and validators for the two LaMP file kinds (LAMP.md 2.3):
//   questions: [{ "id", "input", "profile": [{ "id", ...task fields }], "user_id"? }, ...]
//   outputs:   { "task": "LaMP_k", "golds": [{ "id", "output" }, ...] }
// Every error names the file, the record index, the record id when known, and the field.
import fs from "node:fs";
import path from "node:path";
import { streamJsonArrayFile, type JsonFileProgress } from "./jsonArrayStream";
import { LampFormatError } from "./lampFormatError";
import { describeJsonValue, type ProfileItem } from "./profileItem";
import { pythonStrip } from "./pythonText";
import { LAMP_TASKS, type TaskKey } from "./tasks";

export type LampQuestion = { id: string; input: string; profile: ProfileItem[]; userId: string | null };
export type LampGold = { id: string; output: string };
export type LampOutputs = { task: string; golds: LampGold[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function recordLabel(file: string, index: number, id?: unknown): string {
  return typeof id === "string" ? `${file}: record ${index} (id ${JSON.stringify(id)})` : `${file}: record ${index}`;
}

/** Checks one questions-file record's shape (task-independent) and returns it typed. */
export function validateQuestionRecord(value: unknown, file: string, index: number): LampQuestion {
  if (!isPlainObject(value)) {
    throw new LampFormatError(
      `${recordLabel(file, index)} must be an object {"id", "input", "profile"}, found ${describeJsonValue(value)}`,
    );
  }
  const at = recordLabel(file, index, value.id);
  if (!("id" in value)) throw new LampFormatError(`${at} has no "id"`);
  if (typeof value.id !== "string") {
    throw new LampFormatError(`${at}: "id" must be a string, found ${describeJsonValue(value.id)}`);
  }
  if (typeof value.input !== "string") {
    throw new LampFormatError(`${at}: "input" must be a string, found ${describeJsonValue(value.input)}`);
  }
  if (!Array.isArray(value.profile)) {
    throw new LampFormatError(`${at}: "profile" must be an array, found ${describeJsonValue(value.profile)}`);
  }
  const userId = value.user_id;
  if (userId !== undefined && userId !== null && typeof userId !== "string" && typeof userId !== "number") {
    throw new LampFormatError(`${at}: "user_id" must be a string or a number, found ${describeJsonValue(userId)}`);
  }
  value.profile.forEach((item: unknown, j: number) => {
    if (!isPlainObject(item)) {
      throw new LampFormatError(`${at}: profile[${j}] must be an object, found ${describeJsonValue(item)}`);
    }
    if (!("id" in item)) throw new LampFormatError(`${at}: profile[${j}] has no "id"`);
    if (typeof item.id !== "string" && typeof item.id !== "number") {
      throw new LampFormatError(`${at}: profile[${j}]: "id" must be a string or a number, found ${describeJsonValue(item.id)}`);
    }
  });
  return {
    id: value.id,
    input: value.input,
    profile: value.profile as ProfileItem[],
    userId: userId === undefined || userId === null ? null : String(userId),
  };
}

/** Checks that every profile item carries the fields the task's query, corpus and prompt read. */
export function validateProfileFields(question: LampQuestion, task: TaskKey, file: string, index: number): void {
  const spec = LAMP_TASKS[task];
  const at = recordLabel(file, index, question.id);
  question.profile.forEach((item, j) => {
    for (const field of spec.profileFields) {
      const value = item[field];
      const itemLabel = `${at}: profile[${j}] (id ${JSON.stringify(item.id)})`;
      if (value === undefined) {
        throw new LampFormatError(
          `${itemLabel} has no "${field}" (${task} profile items need id, ${spec.profileFields.join(", ")})`,
        );
      }
      if (typeof value !== "string" && !(field === "score" && typeof value === "number")) {
        throw new LampFormatError(`${itemLabel}: "${field}" must be a string, found ${describeJsonValue(value)}`);
      }
    }
  });
}

/** Checks an outputs (or predictions) file's shape and that its ids are unique. */
export function validateOutputs(value: unknown, file: string): LampOutputs {
  if (!isPlainObject(value)) {
    throw new LampFormatError(`${file} must be an object {"task", "golds"}, found ${describeJsonValue(value)}`);
  }
  if (typeof value.task !== "string") {
    throw new LampFormatError(`${file}: "task" must be a string like "LaMP_1", found ${describeJsonValue(value.task)}`);
  }
  if (!Array.isArray(value.golds)) {
    throw new LampFormatError(`${file}: "golds" must be an array, found ${describeJsonValue(value.golds)}`);
  }
  const seen = new Map<string, number>();
  const golds = value.golds.map((g: unknown, i: number): LampGold => {
    if (!isPlainObject(g)) throw new LampFormatError(`${file}: golds[${i}] must be an object {"id", "output"}, found ${describeJsonValue(g)}`);
    if (typeof g.id !== "string") {
      throw new LampFormatError(`${file}: golds[${i}]: "id" must be a string, found ${describeJsonValue(g.id)}`);
    }
    const at = `${file}: golds[${i}] (id ${JSON.stringify(g.id)})`;
    if (typeof g.output !== "string") {
      throw new LampFormatError(`${at}: "output" must be a string, found ${describeJsonValue(g.output)}`);
    }
    const earlier = seen.get(g.id);
    if (earlier !== undefined) throw new LampFormatError(`${at}: the id repeats golds[${earlier}]`);
    seen.set(g.id, i);
    return { id: g.id, output: g.output };
  });
  return { task: value.task, golds };
}

/**
 * A gold must be something the official evaluator can score as correct: a label of the task's
 * list (compared after strip, as eval/evaluation.py does), or a rating it can parse.
 */
export function validateGoldOutput(task: TaskKey, gold: LampGold, file: string, index: number): void {
  const output = LAMP_TASKS[task].output;
  const at = `${file}: golds[${index}] (id ${JSON.stringify(gold.id)})`;
  const value = pythonStrip(gold.output);
  if (output.kind === "label" && !output.labels.includes(value)) {
    throw new LampFormatError(
      `${at}: output ${JSON.stringify(gold.output)} is not a ${task} label (expected one of ${output.labels.map((l) => JSON.stringify(l)).join(", ")})`,
    );
  }
  if (output.kind === "rating") {
    const rating = value === "" ? Number.NaN : Number(value);
    if (!Number.isFinite(rating) || rating < output.min || rating > output.max) {
      throw new LampFormatError(
        `${at}: output ${JSON.stringify(gold.output)} is not a rating from ${output.min} to ${output.max}`,
      );
    }
  }
}

/** Reads a whole outputs file (they are small: one short string per question). */
export async function readOutputsFile(filePath: string): Promise<LampOutputs> {
  const file = path.basename(filePath);
  const text = await readTextFile(filePath, "outputs");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new LampFormatError(`${file}: malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return validateOutputs(value, file);
}

async function readTextFile(filePath: string, kind: string): Promise<string> {
  try {
    return await fs.promises.readFile(filePath, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new LampFormatError(`The ${kind} file ${filePath} does not exist`);
    throw err;
  }
}

export type QuestionsProgress = JsonFileProgress;

/**
 * Streams a questions file, yielding validated records in file order. Ids must be unique.
 * Profile fields are checked against `task`, which may be decided from the first record
 * (both LaMP-2 variants say "LaMP_2" in their outputs files).
 */
export async function* readQuestionsFile(
  filePath: string,
  opts: { task?: TaskKey | ((first: LampQuestion) => TaskKey); onProgress?(p: QuestionsProgress): void } = {},
): AsyncGenerator<LampQuestion & { index: number; task: TaskKey | null }> {
  const file = path.basename(filePath);
  await assertFileExists(filePath, "questions");
  const seen = new Map<string, number>();
  let task: TaskKey | null = typeof opts.task === "string" ? opts.task : null;
  for await (const element of streamJsonArrayFile(filePath, { label: file, onProgress: opts.onProgress })) {
    const question = validateQuestionRecord(element.value, file, element.index);
    const earlier = seen.get(question.id);
    if (earlier !== undefined) {
      throw new LampFormatError(`${recordLabel(file, element.index, question.id)}: the id repeats record ${earlier}`);
    }
    seen.set(question.id, element.index);
    if (task === null && typeof opts.task === "function") task = opts.task(question);
    if (task !== null) validateProfileFields(question, task, file, element.index);
    yield { ...question, index: element.index, task };
  }
}

export async function assertFileExists(filePath: string, kind: string): Promise<void> {
  try {
    const stat = await fs.promises.stat(filePath);
    if (!stat.isFile()) throw new LampFormatError(`The ${kind} file ${filePath} is not a file`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new LampFormatError(`The ${kind} file ${filePath} does not exist`);
    }
    throw err;
  }
}
