import { z } from "zod";
import { SPLITS, SPLIT_KINDS } from "../lamp/importDataset";
import type { ProfileItem } from "../lamp/profileItem";
import { TASK_KEYS } from "../lamp/tasks";
import { failureSignalsSchema } from "../metrics/failureModes/itemSignals";
import { runSummarySchema } from "./summarizeRun";

/**
 * The run bundle format (exportRunBundle writes it, importRunBundle reads it), strict at the edge:
 * every field typed, every string and list bounded, every count a whole number a database integer
 * column holds, no field the format does not have. Checks across fields (ids, the task's profile
 * fields, the graph, the config) are in checkRunBundle.ts.
 */
export const RUN_BUNDLE_FORMAT = "reaper-studio-run";
/**
 * Version 2: the run config carries the endpoints each node was pinned to (endpointPins.ts);
 * version 1 bundles (one default endpoint view) still import.
 */
export const RUN_BUNDLE_VERSION = 2;

/** Every status a run has had; a bundle carries one of these. */
export const BUNDLE_RUN_STATUSES = ["queued", "running", "completed", "failed", "cancelled", "interrupted"] as const;

/** The largest value of a 32-bit integer column (Prisma's Int on PostgreSQL). */
export const INT32_MAX = 2_147_483_647;

export const BUNDLE_LIMITS = {
  /** Examples (and items) of one run. */
  examples: 1_000_000,
  /** Items of one profile (LaMP's largest profiles hold a few thousand). */
  profileItems: 100_000,
  /** A name, an id, a metric name. */
  name: 500,
  /** An input, a gold, an answer. */
  text: 1_000_000,
  /** A reasoning trace (a long one is some 100 kB). */
  reasoning: 10_000_000,
  /** Arrays and objects inside one another, from the bundle (level 1) down. */
  depth: 64,
} as const;

const count = z.number().int().min(0).max(INT32_MAX);
const name = z.string().max(BUNDLE_LIMITS.name);
const text = z.string().max(BUNDLE_LIMITS.text);
const timestamp = z.iso.datetime({ offset: true });

/** Accepts what `schema` accepts and keeps the value as given (stored as it came, read later by that schema). */
function conforming(schema: z.ZodType) {
  return z.unknown().superRefine((value, ctx) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
}

/** A profile item: an object with a string or number id; its other fields (the task's) are checked in checkRunBundle.ts. Kept as given, key order included. */
const profileItemSchema = z.custom<ProfileItem>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    "id" in value &&
    ((typeof value.id === "string" && value.id.length <= BUNDLE_LIMITS.name) || (typeof value.id === "number" && Number.isFinite(value.id))),
  "expected a profile item (an object with a string or number id)",
);

const exampleSchema = z.strictObject({
  exampleId: name.min(1),
  position: count,
  userId: name.nullable(),
  input: text,
  profile: z.array(profileItemSchema).max(BUNDLE_LIMITS.profileItems),
  gold: text.nullable(),
});

/** A run item's signals: none (`{}`), or the failure-mode signals the summaries read. */
const signalsSchema = z.record(z.string(), z.unknown()).superRefine((signals, ctx) => {
  if (Object.keys(signals).length === 0) return;
  const parsed = failureSignalsSchema.safeParse(signals);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

const itemSchema = z.strictObject({
  exampleId: name.min(1),
  position: count,
  status: z.enum(["done", "failed"]),
  answer: text.nullable(),
  rawAnswer: text.nullable(),
  reasoning: z.string().max(BUNDLE_LIMITS.reasoning).nullable(),
  /** Each node's outputs (storedOutputs.ts); any JSON object, depth-bounded with the whole bundle. */
  outputs: z.record(z.string(), z.unknown()),
  retrievedIds: z.array(name).max(BUNDLE_LIMITS.profileItems),
  metrics: z.record(name, z.number()),
  signals: signalsSchema,
  promptTokens: count,
  completionTokens: count,
  reasoningTokens: count,
  latencyMs: count,
  cacheHit: z.boolean(),
  attempts: count,
  error: text.nullable(),
});

export const runBundleSchema = z.strictObject({
  format: z.literal(RUN_BUNDLE_FORMAT),
  version: z.union([z.literal(1), z.literal(RUN_BUNDLE_VERSION)]),
  exportedAt: timestamp,
  pipeline: z.strictObject({ name: name.min(1), description: z.string().max(2000), version: count.min(1), graph: z.unknown() }),
  dataset: z.strictObject({
    name: name.min(1),
    task: z.enum(TASK_KEYS),
    split: z.enum(SPLITS),
    splitKind: z.enum(SPLIT_KINDS),
    examples: z.array(exampleSchema).min(1).max(BUNDLE_LIMITS.examples),
  }),
  run: z.strictObject({
    name: z.string().max(2 * BUNDLE_LIMITS.name),
    status: z.enum(BUNDLE_RUN_STATUSES),
    config: z.record(z.string(), z.unknown()),
    seed: z.number().int().min(-INT32_MAX - 1).max(INT32_MAX),
    totalItems: count,
    summary: conforming(runSummarySchema).nullable(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  }),
  items: z.array(itemSchema).max(BUNDLE_LIMITS.examples),
});

export type RunBundle = z.infer<typeof runBundleSchema>;
export type BundleExample = RunBundle["dataset"]["examples"][number];
export type BundleItem = RunBundle["items"][number];
