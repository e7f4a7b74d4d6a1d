import { z } from "zod";
import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { nodeRegistry } from "../nodes/registry";
import { validateGraph } from "../pipeline/validateGraph";
import { pipelineGraphSchema } from "../pipeline/graphSchema";
import { storedProfileSchema } from "../lamp/storedProfile";
import { jsonObjectSchema, parseJson, parseJsonAs } from "../safeJson";
import { redactUrlsIn } from "../urlCredentials";
import { runConfigSchema } from "./runConfig";
import { runSummarySchema } from "./summarizeRun";

/**
 * A run as one self-contained JSON document another studio can import: the pipeline version it ran,
 * the examples it covered (input, profile, gold) and every item's stored result. It never carries
 * an API key: run configs only hold the endpoint's public view, and any `apiKey` field is dropped.
 */
export const RUN_BUNDLE_FORMAT = "reaper-studio-run";
/**
 * Version 2: the run config carries the endpoints each node was pinned to (endpointPins.ts);
 * version 1 bundles (one default endpoint view) still import.
 */
export const RUN_BUNDLE_VERSION = 2;

const itemSchema = z.object({
  exampleId: z.string(),
  position: z.number().int(),
  status: z.enum(["done", "failed"]),
  answer: z.string().nullable(),
  rawAnswer: z.string().nullable(),
  reasoning: z.string().nullable(),
  outputs: z.unknown(),
  retrievedIds: z.array(z.string()),
  metrics: z.record(z.string(), z.unknown()),
  signals: z.record(z.string(), z.unknown()),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  latencyMs: z.number().int(),
  cacheHit: z.boolean(),
  attempts: z.number().int(),
  error: z.string().nullable(),
});

export const runBundleSchema = z.object({
  format: z.literal(RUN_BUNDLE_FORMAT),
  version: z.union([z.literal(1), z.literal(RUN_BUNDLE_VERSION)]),
  exportedAt: z.string(),
  pipeline: z.object({ name: z.string().min(1), description: z.string(), version: z.number().int(), graph: z.unknown() }),
  dataset: z.object({
    name: z.string().min(1),
    task: z.string().min(1),
    split: z.string(),
    splitKind: z.string(),
    examples: z.array(
      z.object({
        exampleId: z.string(),
        position: z.number().int(),
        userId: z.string().nullable(),
        input: z.string(),
        profile: z.array(z.looseObject({ id: z.union([z.string(), z.number()]) })),
        gold: z.string().nullable(),
      }),
    ),
  }),
  run: z.object({
    name: z.string(),
    status: z.string(),
    config: z.record(z.string(), z.unknown()),
    seed: z.number().int(),
    totalItems: z.number().int(),
    summary: z.unknown().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  }),
  items: z.array(itemSchema),
});

export type RunBundle = z.infer<typeof runBundleSchema>;

/**
 * Removes every `apiKey`-like field, however deep, and the credentials of every URL in a text, so
 * a bundle can never leak a secret.
 */
function withoutSecrets(value: unknown): unknown {
  if (typeof value === "string") return redactUrlsIn(value);
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  return objectWithoutSecrets(value);
}

/**
 * A field name that may hold a credential: ends in api key, token, secret, password, authorization,
 * cookie or credentials, whatever the case and separators (`x-api-key`, `bearerToken`,
 * `apiKeyCipher`, `client_secret`); `hasApiKey`-style flags are kept.
 */
function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z]/g, "");
  if (n.startsWith("has")) return false;
  return /(apikey|apikeycipher|token|secret|password|passwd|authorization|cookie|credentials?)$/.test(n);
}

function objectWithoutSecrets(value: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !isSecretName(k))
      .map(([k, v]: [string, unknown]) => [k, withoutSecrets(v)]),
  );
}

export async function exportRunBundle(db: Db, runId: string): Promise<RunBundle> {
  const run = await db.run.findUnique({
    where: { id: runId },
    include: { dataset: true, pipelineVersion: { include: { pipeline: true } } },
  });
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  const items = await db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
  const examples = await db.example.findMany({ where: { id: { in: items.map((i) => i.exampleRowId) } }, orderBy: { position: "asc" } });
  return {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    pipeline: {
      name: run.pipelineVersion.pipeline.name,
      description: run.pipelineVersion.pipeline.description,
      version: run.pipelineVersion.version,
      graph: parseJsonAs(run.pipelineVersion.graphJson, pipelineGraphSchema, `PipelineVersion ${run.pipelineVersion.id}.graphJson`),
    },
    dataset: {
      name: run.dataset.name,
      task: run.dataset.task,
      split: run.dataset.split,
      splitKind: run.dataset.splitKind,
      examples: examples.map((e) => ({
        exampleId: e.exampleId,
        position: e.position,
        userId: e.userId,
        input: e.input,
        profile: parseJsonAs(e.profileJson, storedProfileSchema, `Example ${e.id}.profileJson`),
        gold: e.gold,
      })),
    },
    run: {
      name: run.name,
      status: run.status,
      config: objectWithoutSecrets(parseJsonAs(run.configJson, jsonObjectSchema, `Run ${run.id}.configJson`)),
      seed: run.seed,
      totalItems: run.totalItems,
      summary: run.summaryJson ? parseJsonAs(run.summaryJson, runSummarySchema, `Run ${run.id}.summaryJson`) : null,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
    items: items.map((i) => {
      const where = `RunItem ${run.id}/${i.exampleId}`;
      return {
        exampleId: i.exampleId,
        position: i.position,
        status: i.status as "done" | "failed",
        answer: i.answer,
        rawAnswer: i.rawAnswer,
        reasoning: i.reasoning,
        outputs: parseJson(i.outputsJson, `${where}.outputsJson`),
        retrievedIds: parseJsonAs(i.retrievedIdsJson, z.array(z.string()), `${where}.retrievedIdsJson`),
        metrics: parseJsonAs(i.metricsJson, jsonObjectSchema, `${where}.metricsJson`),
        signals: parseJsonAs(i.signalsJson, jsonObjectSchema, `${where}.signalsJson`),
        promptTokens: i.promptTokens,
        completionTokens: i.completionTokens,
        reasoningTokens: i.reasoningTokens,
        latencyMs: i.latencyMs,
        cacheHit: i.cacheHit,
        attempts: i.attempts,
        // Items stored before errors were redacted may quote an endpoint URL with its credentials.
        error: i.error === null ? null : redactUrlsIn(i.error),
      };
    }),
  };
}

async function freeName(taken: (name: string) => Promise<boolean>, wanted: string): Promise<string> {
  if (!(await taken(wanted))) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted} (imported ${n})`;
    if (!(await taken(candidate))) return candidate;
  }
}

export type ImportedRun = { runId: string; datasetId: string; pipelineId: string; reusedDataset: boolean };

/**
 * Imports a bundle as a new run (and a new pipeline). The dataset is reused when one with the same
 * name and task holds every example of the bundle with the same input; otherwise the bundle's
 * examples become a new dataset. All in one transaction: a bad bundle changes nothing.
 */
export async function importRunBundle(db: Db, raw: unknown): Promise<ImportedRun> {
  const parsed = runBundleSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UserInputError(`Not a ReaPer Studio run bundle: ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  const bundle = parsed.data;
  const graphCheck = validateGraph(bundle.pipeline.graph, nodeRegistry, { requireScoreNode: true });
  if (!graphCheck.ok) {
    throw new UserInputError(`The bundle's pipeline is not valid here:\n${graphCheck.issues.map((i) => `- ${i.message}`).join("\n")}`);
  }
  const config = runConfigSchema.safeParse(withoutSecrets(bundle.run.config));
  if (!config.success) {
    const first = config.error.issues[0];
    throw new UserInputError(`The bundle's run config is not valid: run.config.${first.path.join(".")}: ${first.message}`);
  }
  const exampleIds = new Set(bundle.dataset.examples.map((e) => e.exampleId));
  const strays = bundle.items.filter((i) => !exampleIds.has(i.exampleId)).map((i) => i.exampleId);
  if (strays.length > 0) throw new UserInputError(`Bundle items refer to examples it does not contain: ${strays.slice(0, 10).join(", ")}`);

  return db.$transaction(async (tx) => {
    let datasetId: string | null = null;
    const existing = await tx.dataset.findUnique({ where: { name: bundle.dataset.name }, select: { id: true, task: true } });
    if (existing && existing.task === bundle.dataset.task) {
      const local = await tx.example.findMany({
        where: { datasetId: existing.id, exampleId: { in: [...exampleIds] } },
        select: { exampleId: true, input: true },
      });
      const inputs = new Map(local.map((e) => [e.exampleId, e.input]));
      if (bundle.dataset.examples.every((e) => inputs.get(e.exampleId) === e.input)) datasetId = existing.id;
    }
    const reusedDataset = datasetId !== null;
    if (!datasetId) {
      const name = await freeName(async (n) => (await tx.dataset.count({ where: { name: n } })) > 0, bundle.dataset.name);
      const examples = bundle.dataset.examples;
      const created = await tx.dataset.create({
        data: {
          name,
          task: bundle.dataset.task,
          split: bundle.dataset.split,
          splitKind: bundle.dataset.splitKind,
          source: "import",
          description: `Imported with a run bundle (${examples.length} examples).`,
          exampleCount: examples.length,
          goldCount: examples.filter((e) => e.gold !== null).length,
        },
        select: { id: true },
      });
      datasetId = created.id;
      await tx.example.createMany({
        data: examples.map((e) => ({
          datasetId: created.id,
          position: e.position,
          exampleId: e.exampleId,
          userId: e.userId,
          input: e.input,
          profileJson: JSON.stringify(e.profile),
          profileSize: e.profile.length,
          gold: e.gold,
        })),
      });
    }
    const localIds = new Map(
      (await tx.example.findMany({ where: { datasetId, exampleId: { in: [...exampleIds] } }, select: { id: true, exampleId: true } })).map((e) => [
        e.exampleId,
        e.id,
      ]),
    );

    const pipelineName = await freeName(async (n) => (await tx.pipeline.count({ where: { name: n } })) > 0, bundle.pipeline.name);
    const pipeline = await tx.pipeline.create({
      data: {
        name: pipelineName,
        description: bundle.pipeline.description,
        versions: { create: { version: 1, graphJson: JSON.stringify(graphCheck.value.graph), note: `imported (was v${bundle.pipeline.version})` } },
      },
      select: { id: true, versions: { select: { id: true } } },
    });

    const done = bundle.items.filter((i) => i.status === "done");
    const sum = (key: "promptTokens" | "completionTokens" | "reasoningTokens") => done.reduce((s, i) => s + i[key], 0);
    const run = await tx.run.create({
      data: {
        name: bundle.run.name,
        pipelineVersionId: pipeline.versions[0].id,
        datasetId,
        // A run exported mid-way is not executing here; it can be resumed like a cancelled one.
        status: bundle.run.status === "running" || bundle.run.status === "queued" ? "cancelled" : bundle.run.status,
        configJson: JSON.stringify(config.data),
        seed: bundle.run.seed,
        totalItems: bundle.run.totalItems,
        doneItems: done.length,
        failedItems: bundle.items.length - done.length,
        promptTokens: sum("promptTokens"),
        completionTokens: sum("completionTokens"),
        reasoningTokens: sum("reasoningTokens"),
        summaryJson: bundle.run.summary === null ? null : JSON.stringify(bundle.run.summary),
        createdAt: new Date(bundle.run.createdAt),
        startedAt: bundle.run.startedAt ? new Date(bundle.run.startedAt) : null,
        finishedAt: bundle.run.finishedAt ? new Date(bundle.run.finishedAt) : null,
      },
      select: { id: true },
    });
    await tx.runItem.createMany({
      data: bundle.items.map((i) => ({
        runId: run.id,
        exampleRowId: localIds.get(i.exampleId)!,
        exampleId: i.exampleId,
        position: i.position,
        status: i.status,
        answer: i.answer,
        rawAnswer: i.rawAnswer,
        reasoning: i.reasoning,
        outputsJson: JSON.stringify(i.outputs ?? {}),
        retrievedIdsJson: JSON.stringify(i.retrievedIds),
        metricsJson: JSON.stringify(i.metrics),
        signalsJson: JSON.stringify(i.signals),
        promptTokens: i.promptTokens,
        completionTokens: i.completionTokens,
        reasoningTokens: i.reasoningTokens,
        latencyMs: i.latencyMs,
        cacheHit: i.cacheHit,
        attempts: i.attempts,
        error: i.error,
      })),
    });
    return { runId: run.id, datasetId, pipelineId: pipeline.id, reusedDataset };
  });
}
