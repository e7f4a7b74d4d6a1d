// Readers and validators for the two LaMP file kinds (LAMP.md 2.3):
//   questions: [{ "id", "input", "profile": [{ "id", ...task fields }], "user_id"? }, ...]
//   outputs:   { "task": "LaMP_k", "golds": [{ "id", "output" }, ...] }
// Every error names the file, the record index, the record id when known, and the field.
import path from "node:path";
import { describeNul, findNul, findTooDeep, formatJsonPath } from "../jsonLimits";
import { assertReadableFile, readWholeFile } from "./fileAccess";
import { streamJsonArrayFile, type JsonFileProgress } from "./jsonArrayStream";
import { LampFormatError } from "./lampFormatError";
import { findInvalidUtf8 } from "./utf8";
import { describeJsonValue, type ProfileItem } from "./profileItem";
import { pythonStrip } from "./pythonText";
import { LAMP_TASKS, type TaskKey } from "./tasks";

export type LampQuestion = { id: string; input: string; profile: ProfileItem[]; userId: string | null };
export type LampGold = { id: string; output: string };
export type LampOutputs = { task: string; golds: LampGold[] };

/**
 * How deep a record or an outputs file may nest (a LaMP record is 3 levels: record, profile, item).
 * Deeper values are refused before anything recursive (JSON.stringify, the readers) sees them.
 */
export const MAX_RECORD_DEPTH = 32;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function recordLabel(file: string, index: number, id?: unknown): string {
  return typeof id === "string" ? `${file}: record ${index} (id ${JSON.stringify(id)})` : `${file}: record ${index}`;
}

/**
 * What the file reader already knows of a value's text (jsonArrayStream.ts): its nesting depth, and
 * whether it has a `\u0000` escape. Without it, the value itself is walked.
 */
export type JsonTextHints = { depth: number; mayHoldNul: boolean };

/** Refuses a value nested too deep or holding a NUL character, naming the path inside it after `at`. */
function checkJsonValue(value: unknown, at: string, hints?: JsonTextHints): void {
  const deep = hints && hints.depth <= MAX_RECORD_DEPTH ? null : findTooDeep(value, MAX_RECORD_DEPTH);
  if (deep) throw new LampFormatError(`${at}: nested deeper than ${MAX_RECORD_DEPTH} levels at ${formatJsonPath(deep)}`);
  const nul = hints && !hints.mayHoldNul ? null : findNul(value);
  if (nul) throw new LampFormatError(`${at}: ${formatJsonPath(nul.path)} ${describeNul(nul)}`);
}

/** Checks one questions-file record's shape (task-independent) and returns it typed. */
export function validateQuestionRecord(value: unknown, file: string, index: number, hints?: JsonTextHints): LampQuestion {
  checkJsonValue(value, recordLabel(file, index, isPlainObject(value) && typeof value.id === "string" ? value.id : undefined), hints);
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

/** Profile item ids that occur more than once in one profile (retrieval results and item references become ambiguous). */
export function repeatedProfileIds(question: LampQuestion): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const item of question.profile) {
    const id = String(item.id);
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
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
 * Why a gold output cannot be scored by the official evaluator, or null when it can: a label of the
 * task's list (compared after strip, as eval/evaluation.py does), or a rating it can parse.
 */
export function goldOutputProblem(task: TaskKey, output: string): string | null {
  const spec = LAMP_TASKS[task].output;
  const value = pythonStrip(output);
  if (spec.kind === "label" && !spec.labels.includes(value)) {
    return `output ${JSON.stringify(output)} is not a ${task} label (expected one of ${spec.labels.map((l) => JSON.stringify(l)).join(", ")})`;
  }
  if (spec.kind === "rating") {
    const rating = value === "" ? Number.NaN : Number(value);
    if (!Number.isFinite(rating) || rating < spec.min || rating > spec.max) return `output ${JSON.stringify(output)} is not a rating from ${spec.min} to ${spec.max}`;
  }
  return null;
}

/** goldOutputProblem as an error naming the outputs file, the gold's index and its id. */
export function validateGoldOutput(task: TaskKey, gold: LampGold, file: string, index: number): void {
  const problem = goldOutputProblem(task, gold.output);
  if (problem) throw new LampFormatError(`${file}: golds[${index}] (id ${JSON.stringify(gold.id)}): ${problem}`);
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads a whole outputs file (they are small: one short string per question): UTF-8, with or
 * without a byte order mark, like the questions file.
 */
export async function readOutputsFile(filePath: string): Promise<LampOutputs> {
  const file = path.basename(filePath);
  const raw = await readWholeFile(filePath, "outputs");
  const bytes = raw.subarray(0, 3).equals(UTF8_BOM) ? raw.subarray(3) : raw;
  const bad = findInvalidUtf8(bytes);
  if (bad) throw new LampFormatError(`${file}: invalid UTF-8 at byte ${bad.offset + raw.length - bytes.length}: ${bad.reason}`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new LampFormatError(`${file}: malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkJsonValue(value, file);
  return validateOutputs(value, file);
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
  await assertReadableFile(filePath, "questions");
  const seen = new Map<string, number>();
  let task: TaskKey | null = typeof opts.task === "string" ? opts.task : null;
  for await (const element of streamJsonArrayFile(filePath, { label: file, onProgress: opts.onProgress })) {
    const question = validateQuestionRecord(element.value, file, element.index, element);
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
