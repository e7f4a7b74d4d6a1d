/**
 * Fixtures for run tests: a dataset per task (the built-in samples under samples/lamp when present,
 * else a real LaMP file from ../shared), template pipelines, runs, and a fake model that recognises
 * which example a request is about and answers it in the task's format with a planned answer.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../server/db/client";
import { importDataset } from "../../server/lamp/importDataset";
import { LAMP_TASKS, type TaskKey } from "../../server/lamp/tasks";
import { nodeRegistry } from "../../server/nodes/registry";
import { createPipeline } from "../../server/pipelines/pipelineStore";
import { findTemplate } from "../../server/pipelines/templates";
import { createRun, type CreateRunInput } from "../../server/runs/createRun";
import { embeddingsEndpointsOf } from "../../server/runs/endpointPins";
import type { EndpointConfig } from "../../server/llm/types";
import type { FakeCompletionReply, FakeReply, RecordedRequest } from "./fakeOpenAiServer";
import { hasLampReal, lampRealFile, REPO_ROOT } from "./sharedData";

/** Folders of the real LaMP files in ../shared/data/lamp-real, by task. */
const REAL_FOLDERS: Partial<Record<TaskKey, string>> = {
  "LaMP-1": "LaMP_1",
  "LaMP-2N": "LaMP_2_news",
  "LaMP-4": "LaMP_4",
  "LaMP-7": "LaMP_7",
};

export type DatasetFiles = { questions: string; outputs: string; source: "sample" | "real" };

/** The built-in sample of a task (samples/lamp/LaMP_k) when present, else its real LaMP dev files. */
export function datasetFilesFor(task: TaskKey): DatasetFiles | null {
  const sampleDir = path.join(REPO_ROOT, "samples", "lamp", task.replace("LaMP-", "LaMP_"));
  const sample = { questions: path.join(sampleDir, "dev_questions.json"), outputs: path.join(sampleDir, "dev_outputs.json") };
  if (fs.existsSync(sample.questions) && fs.existsSync(sample.outputs)) return { ...sample, source: "sample" };
  const folder = REAL_FOLDERS[task];
  if (folder && hasLampReal) {
    return { questions: lampRealFile(folder, "dev_questions.json"), outputs: lampRealFile(folder, "dev_outputs.json"), source: "real" };
  }
  return null;
}

/** The first of `preferred` that has a dataset here, or null. */
export function firstAvailableTask(preferred: TaskKey[]): TaskKey | null {
  return preferred.find((t) => datasetFilesFor(t) !== null) ?? null;
}

export type RunExampleRow = { id: string; exampleId: string; position: number; input: string; gold: string | null };
export type RunDataset = { datasetId: string; task: TaskKey; source: "sample" | "real"; examples: RunExampleRow[] };

/**
 * Imports a task's dataset into the database (once per name) and lists its examples in file order:
 * the first `maxExamples` of them (runs over this list pass `limit: examples.length`).
 */
export async function importRunDataset(db: Db, task: TaskKey, maxExamples?: number, name = `${task} run-test`): Promise<RunDataset> {
  const files = datasetFilesFor(task);
  if (!files) throw new Error(`no dataset for ${task}: neither samples/lamp nor ../shared/data/lamp-real has one`);
  let dataset = await db.dataset.findUnique({ where: { name }, select: { id: true } });
  if (!dataset) {
    const imported = await importDataset(db, {
      name,
      task,
      split: "dev",
      source: files.source === "sample" ? "sample" : "import",
      questionsPath: files.questions,
      outputsPath: files.outputs,
    });
    dataset = { id: imported.datasetId };
  }
  const examples = await db.example.findMany({
    where: { datasetId: dataset.id },
    orderBy: { position: "asc" },
    select: { id: true, exampleId: true, position: true, input: true, gold: true },
    take: maxExamples,
  });
  return { datasetId: dataset.id, task, source: files.source, examples };
}

/** A pipeline (version 1) from a template key or a graph; names are made unique per call. */
let pipelineCounter = 0;
export async function createTestPipeline(db: Db, graphOrTemplate: unknown): Promise<string> {
  const graph = typeof graphOrTemplate === "string" ? findTemplate(graphOrTemplate)?.graph : graphOrTemplate;
  if (!graph) throw new Error(`unknown template ${String(graphOrTemplate)}`);
  const name = `${typeof graphOrTemplate === "string" ? graphOrTemplate : "graph"} #${++pipelineCounter}`;
  return (await createPipeline(db, nodeRegistry, { name, graph })).versionId;
}

/** A run pinned to `endpoints` (the fake model's, usually; none for offline pipelines). */
export async function createTestRun(
  db: Db,
  versionId: string,
  datasetId: string,
  config: CreateRunInput["config"] = {},
  endpoints: EndpointConfig[] = [],
): Promise<string> {
  const available = { models: endpoints, embeddings: embeddingsEndpointsOf(endpoints, {}) };
  return (await createRun(db, nodeRegistry, { pipelineVersionId: versionId, datasetId, config }, available)).runId;
}

/**
 * What the fake model answers for the i-th example of a run (file order): the gold for two
 * positions out of three, a wrong but well-formed answer at positions 2, 5, 8, ...
 * - labels: the next label of the official list; ratings: one off (5 -> 4); text: an unrelated line.
 */
export function plannedAnswer(task: TaskKey, gold: string, position: number): string {
  if (position % 3 !== 2) return gold;
  const output = LAMP_TASKS[task].output;
  if (output.kind === "label") return output.labels[(output.labels.indexOf(gold.trim()) + 1) % output.labels.length];
  if (output.kind === "rating") return gold.trim() === "5" ? "4" : String(Number(gold) + 1);
  return "Completely unrelated words about a quiet harbor";
}

/** The part of an example's input that every prompt form (official, RAG, HRT, synthesis) repeats verbatim. */
export function exampleKey(input: string): string {
  return input.trim().slice(-60);
}

/**
 * Finds which example a chat request is about: the key appearing LAST in the request's messages
 * (prompts put the profile before the input, so a profile that happens to quote another example
 * cannot win). Throws when none matches, which the fake server turns into an HTTP 500.
 */
export function exampleOfRequest<T extends { input: string }>(request: RecordedRequest, examples: readonly T[]): T {
  const messages: { content?: unknown }[] = Array.isArray(request.body?.messages) ? request.body.messages : [];
  const text = messages.map((m) => String(m.content ?? "")).join("\n");
  let best: { example: T; at: number } | null = null;
  for (const example of examples) {
    const at = text.lastIndexOf(exampleKey(example.input));
    if (at !== -1 && (!best || at > best.at)) best = { example, at };
  }
  if (!best) throw new Error(`fake model: request ${request.index} is about none of the ${examples.length} examples`);
  return best.example;
}

export const FAKE_USAGE = { prompt_tokens: 50, completion_tokens: 12, reasoning_tokens: 8 };

/** HRT-shaped reasoning, so stage adherence and the other divergence signals have something to read. */
export const FAKE_REASONING =
  "Stage 1 - Requirement analysis: the task wants one answer in the allowed format.\n" +
  "Stage 2 - User profile synthesis: the user's past items [1] and [2] show a consistent taste.\n" +
  "Stage 3 - Response generation: I answer as this user would.";

/**
 * A fake-server reply function answering every request with the planned answer of the example it is
 * about (reasoning in reasoning_content, fixed usage). `answers` maps example ids to what to answer.
 */
export function taskFormatReply(
  examples: readonly RunExampleRow[],
  answers: ReadonlyMap<string, string>,
  extra: Partial<FakeCompletionReply> = {},
): (request: RecordedRequest) => FakeReply {
  return (request) => {
    const example = exampleOfRequest(request, examples);
    return { reasoning: FAKE_REASONING, content: answers.get(example.exampleId)!, usage: FAKE_USAGE, ...extra };
  };
}

/** Planned answers for a dataset's examples, by LaMP example id. */
export function planAnswers(dataset: RunDataset): Map<string, string> {
  return new Map(dataset.examples.map((e, i) => [e.exampleId, plannedAnswer(dataset.task, e.gold ?? "", i)]));
}

/** Waits until `check` is true, polling; fails with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
