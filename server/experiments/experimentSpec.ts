// An experiment's design: one pipeline version x one or more datasets x a grid of factors x
// repetitions. Stored as Experiment.specJson and read back through this schema.
import { z } from "zod";
import { ABLATIONS } from "../pipelines/ablations";
import { PROFILE_SOURCES } from "../runs/profileSource";

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const experimentFactorSchema = z.discriminatedUnion("kind", [
  /** One node parameter, e.g. retrieve.k in {0, 1, 2, 4, 8} or retrieve.method in {bm25, recency}. */
  z.object({ kind: z.literal("param"), node: z.string().min(1), param: z.string().min(1), values: z.array(scalar).min(1).max(20) }),
  /** The model: the endpoint every model-calling node uses (a reasoning model vs a general one). */
  z.object({ kind: z.literal("endpoint"), values: z.array(z.string().min(1)).min(1).max(10) }),
  /** ReaPer's parts removed one at a time (server/pipelines/ablations.ts). */
  z.object({ kind: z.literal("ablation"), values: z.array(z.enum(ABLATIONS)).min(1) }),
  /** Whose profile each example is shown (server/runs/profileSource.ts). */
  z.object({ kind: z.literal("profileSource"), values: z.array(z.enum(PROFILE_SOURCES)).min(1) }),
]);
export type ExperimentFactor = z.infer<typeof experimentFactorSchema>;

export const experimentSpecSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The pipeline version every cell derives from. */
  pipelineVersionId: z.string().min(1),
  datasetIds: z.array(z.string().min(1)).min(1).max(10),
  /** The grid: every combination of the factors' values is a cell (the first factor varies slowest). */
  factors: z.array(experimentFactorSchema).max(4).default([]),
  /** Each cell this many times with seeds seed, seed + 1, ...: the sampling variance. */
  repetitions: z.number().int().min(1).max(10).default(1),
  /** Only the first N examples of each dataset. */
  limit: z.number().int().min(1).optional(),
  seed: z.number().int().default(0),
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Cells share the response cache: a repeated cell (or experiment) makes no model call. */
  useCache: z.boolean().default(true),
});
export type ExperimentSpec = z.output<typeof experimentSpecSchema>;
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>;

/** The name a factor goes by in cells, tables and charts. */
export function factorName(factor: ExperimentFactor): string {
  switch (factor.kind) {
    case "param":
      return `${factor.node}.${factor.param}`;
    case "endpoint":
      return "model";
    case "ablation":
      return "ablation";
    case "profileSource":
      return "profile";
  }
}

/** A cell of the grid as a run stores it (Run.cellJson). */
export const experimentCellSchema = z.object({
  index: z.number().int(),
  values: z.record(z.string(), scalar),
  repetition: z.number().int(),
  label: z.string(),
});
export type ExperimentCellInfo = z.infer<typeof experimentCellSchema>;
