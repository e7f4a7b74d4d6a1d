// Retrieval + official prompt for one stored example: what the `prompt` CLI command prints, and
// the path the end-to-end check runs (import -> retrieve -> prompt).
import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import type { DenseConfig } from "../retrieval/dense";
import { retrieve, type RetrievalMethod } from "../retrieval/retrieve";
import { findDatasetTask, type DatasetRef } from "./exportDatasetGolds";
import { buildOfficialPromptDetailed, type OfficialPromptOptions, type OfficialPromptResult } from "./officialPrompt";
import type { ProfileItem } from "./profileItem";
import { storedProfileSchema } from "./storedProfile";
import { parseJsonAs } from "../safeJson";
import { makeCorpus, makeQuery, type TaskKey } from "./tasks";

export type StoredExample = {
  task: TaskKey;
  exampleId: string;
  input: string;
  profile: ProfileItem[];
  gold: string | null;
};

export async function loadExample(db: Db, dataset: DatasetRef, exampleId: string): Promise<StoredExample> {
  const found = await findDatasetTask(db, dataset);
  const row = await db.example.findUnique({
    where: { datasetId_exampleId: { datasetId: found.id, exampleId } },
    select: { id: true, exampleId: true, input: true, profileJson: true, gold: true },
  });
  if (!row) throw new NotFoundError(`Dataset "${found.name}" has no example with id ${JSON.stringify(exampleId)}.`);
  return { task: found.task, exampleId: row.exampleId, input: row.input, profile: parseJsonAs(row.profileJson, storedProfileSchema, `Example ${row.id}.profileJson`), gold: row.gold };
}

export type RetrievalChoice = { method: RetrievalMethod; k: number; seed?: number; dense?: DenseConfig };

export type RetrievedProfileItem = { rank: number; score: number | null; item: ProfileItem; corpusText: string };

export type PromptPreview = {
  query: string | null;
  retrieved: RetrievedProfileItem[];
  prompt: OfficialPromptResult;
};

/** The official query and corpus makers, the chosen retriever, then the official prompt. */
export async function previewOfficialPrompt(
  example: Pick<StoredExample, "task" | "input" | "profile">,
  retrieval: RetrievalChoice,
  promptOptions: OfficialPromptOptions = {},
): Promise<PromptPreview> {
  const usesQuery = retrieval.method === "bm25" || retrieval.method === "dense";
  const query = usesQuery && retrieval.k > 0 ? makeQuery(example.task, example.input) : null;
  const texts = makeCorpus(example.task, example.profile);
  const found = await retrieve({
    method: retrieval.method,
    k: retrieval.k,
    query: query ?? "",
    corpus: example.profile.map((item, i) => ({
      id: String(item.id),
      text: texts[i],
      date: typeof item.date === "string" ? item.date : undefined,
    })),
    random: { seed: retrieval.seed ?? 0 },
    dense: retrieval.dense,
  });
  const retrieved = found.map((r) => ({ rank: r.rank, score: r.score, item: example.profile[r.index], corpusText: texts[r.index] }));
  const prompt = buildOfficialPromptDetailed(
    example.task,
    example.input,
    retrieved.map((r) => r.item),
    promptOptions,
  );
  return { query, retrieved, prompt };
}
