// The seed paper's comparisons as built-in studies, each a matched design: only the studied factor
// varies, everything else (prompt family, sampling, token limits) is the base pipeline's.
import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import type { ExperimentSpecInput } from "./experimentSpec";

export const STUDIES = {
  "lrm-vs-llm-k": {
    title: "LRM vs LLM across k",
    description: "Two models (a reasoning model and a general one) x retrieve.k in {0, 1, 2, 4, 8} on the vanilla reasoning pipeline: the paper's main comparison.",
    template: "reasoning-vanilla",
  },
  "reaper-ablation": {
    title: "ReaPer ablation",
    description: "Full ReaPer, without HRT, without RPI, without SRM, and vanilla: what each part contributes.",
    template: "reaper",
  },
  retrievers: {
    title: "Retriever comparison",
    description: "BM25, recency and random at k = 4 on the vanilla reasoning pipeline (add dense with an embeddings endpoint).",
    template: "reasoning-vanilla",
  },
  "profile-counterfactual": {
    title: "Profile counterfactual",
    description: "Each example with its own user's profile, another user's, and none: the personalization gap.",
    template: "reasoning-vanilla",
  },
} as const;
export type StudyKey = keyof typeof STUDIES;
export const STUDY_KEYS = Object.keys(STUDIES) as StudyKey[];

export type StudyOptions = {
  datasetIds: string[];
  /** lrm-vs-llm-k: the two endpoints compared (saved endpoint names); others: the one endpoint (default "default"). */
  endpoints?: string[];
  /** retrievers: the methods compared. */
  methods?: string[];
  limit?: number;
  repetitions?: number;
  seed?: number;
  concurrency?: number;
  /** The base pipeline version (default: the study's template as shipped, latest version). */
  pipelineVersionId?: string;
  name?: string;
};

async function templateVersion(db: Db, key: string): Promise<string> {
  const pipeline = await db.pipeline.findUnique({
    where: { templateKey: key },
    select: { versions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } },
  });
  const id = pipeline?.versions[0]?.id;
  if (!id) throw new NotFoundError(`The template pipeline "${key}" is not in this studio (run setup).`);
  return id;
}

/** The experiment design of a built-in study. */
export async function studySpec(db: Db, study: StudyKey, options: StudyOptions): Promise<ExperimentSpecInput> {
  const info = STUDIES[study];
  const endpoints = options.endpoints ?? [];
  const model = endpoints.length > 0 ? [{ kind: "endpoint" as const, values: endpoints.slice(0, 1) }] : [];
  let factors: ExperimentSpecInput["factors"];
  switch (study) {
    case "lrm-vs-llm-k":
      if (endpoints.length !== 2) throw new UserInputError(`"${info.title}" compares two models: give two endpoint names (a reasoning model and a general one).`);
      factors = [
        { kind: "endpoint", values: endpoints },
        { kind: "param", node: "retrieve", param: "k", values: [0, 1, 2, 4, 8] },
      ];
      break;
    case "reaper-ablation":
      factors = [...model, { kind: "ablation", values: ["full", "without-hrt", "without-rpi", "without-srm", "vanilla"] }];
      break;
    case "retrievers":
      factors = [...model, { kind: "param", node: "retrieve", param: "method", values: options.methods ?? ["bm25", "recency", "random"] }];
      break;
    case "profile-counterfactual":
      factors = [...model, { kind: "profileSource", values: ["own", "other", "none"] }];
      break;
  }
  return {
    name: options.name ?? info.title,
    pipelineVersionId: options.pipelineVersionId ?? (await templateVersion(db, info.template)),
    datasetIds: options.datasetIds,
    factors,
    repetitions: options.repetitions,
    limit: options.limit,
    seed: options.seed,
    concurrency: options.concurrency,
  };
}
