/**
 * Issue 11, bundles: a reused dataset keeps the bundle's golds, identical pipeline versions are
 * reused by content hash (also for versions stored before the hash existed), imported runs are
 * marked, model text with NUL is stored, and a 100,000-example bundle imports on SQLite and
 * PostgreSQL (the bad bundles are in tests/integration/corpus/bundleCorpus.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDataset } from "../../../server/lamp/importDataset";
import { nodeRegistry } from "../../../server/nodes/registry";
import { graphHashOf } from "../../../server/pipeline/graphHash";
import { pipelineGraphSchema } from "../../../server/pipeline/graphSchema";
import { backfillGraphHashes } from "../../../server/pipelines/graphHashes";
import { createPipeline } from "../../../server/pipelines/pipelineStore";
import { importRunBundle } from "../../../server/runs/importRunBundle";
import type { RunBundle } from "../../../server/runs/runBundleSchema";
import { summarizeRun } from "../../../server/runs/summarizeRun";
import { parseJson } from "../../../server/safeJson";
import { exportedSampleRun, scaledBundle } from "../../support/bundleFixtures";
import { datasetFilesFor } from "../../support/runFixtures";
import { tableCounts } from "../../support/tableCounts";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { createTempPostgresDatabase, hasPostgres, postgresSkipReason } from "../../support/tempPostgres";

let source: TempDatabase;
let bundle: RunBundle;

beforeAll(async () => {
  source = createTempDatabase();
  bundle = (await exportedSampleRun(source)).bundle;
});
afterAll(async () => {
  await source.cleanup();
});

async function withTarget(fn: (target: TempDatabase) => Promise<void>): Promise<void> {
  const target = createTempDatabase("studio-target-");
  try {
    await fn(target);
  } finally {
    await target.cleanup();
  }
}

describe("bundle import", () => {
  it("never keeps a bundle's metrics without its golds: a same-named dataset without them is not reused, the golds come in with a dataset of their own", async () => {
    await withTarget(async (target) => {
      // The same questions here, imported without the outputs file: no golds.
      await importDataset(target.db, { name: bundle.dataset.name, task: "LaMP-7", split: "dev", source: "import", questionsPath: datasetFilesFor("LaMP-7")!.questions });
      const imported = await importRunBundle(target.db, bundle);
      expect(imported.reusedDataset).toBe(false);
      const dataset = await target.db.dataset.findUniqueOrThrow({ where: { id: imported.datasetId } });
      expect(dataset).toMatchObject({ name: `${bundle.dataset.name} (imported 2)`, goldCount: 5, exampleCount: 5 });
      const golds = await target.db.example.findMany({ where: { datasetId: imported.datasetId }, orderBy: { position: "asc" }, select: { gold: true } });
      expect(golds.map((g) => g.gold)).toEqual(bundle.dataset.examples.map((e) => e.gold));
      // The run's metrics are recomputed from those golds to the bundle's numbers.
      expect((await summarizeRun(target.db, imported.runId)).official).toEqual(bundle.run.summary && (bundle.run.summary as { official: unknown }).official);

      // The same bundle again: now a dataset holds exactly its examples (golds included) and is reused.
      const again = await importRunBundle(target.db, bundle);
      expect(again).toMatchObject({ reusedDataset: true, datasetId: imported.datasetId, reusedPipeline: true, pipelineVersionId: imported.pipelineVersionId });
    });
  });

  it("reuses a pipeline version with the same graph, whatever its name or key order, but not an archived pipeline's", async () => {
    await withTarget(async (target) => {
      const graph = pipelineGraphSchema.parse(bundle.pipeline.graph);
      // The same graph with its keys in another order hashes the same.
      const reordered = { edges: graph.edges, nodes: graph.nodes.map((n) => ({ params: n.params, position: n.position, version: n.version, kind: n.kind, id: n.id })), schemaVersion: 1 };
      const local = await createPipeline(target.db, nodeRegistry, { name: "my own baseline", graph: reordered });
      const stored = await target.db.pipelineVersion.findUniqueOrThrow({ where: { id: local.versionId } });
      expect(stored.graphHash).toBe(graphHashOf(graph));

      const imported = await importRunBundle(target.db, bundle);
      expect(imported).toMatchObject({ reusedPipeline: true, pipelineId: local.pipelineId, pipelineVersionId: local.versionId });
      expect(await target.db.pipeline.count()).toBe(1);

      await target.db.pipeline.update({ where: { id: local.pipelineId }, data: { archivedAt: new Date() } });
      const afterArchive = await importRunBundle(target.db, bundle);
      expect(afterArchive.reusedPipeline).toBe(false);
      const copy = await target.db.pipeline.findUniqueOrThrow({ where: { id: afterArchive.pipelineId }, include: { versions: true } });
      expect(copy.name).toBe(bundle.pipeline.name);
      expect(copy.versions[0]!.graphHash).toBe(graphHashOf(graph));
    });
  });

  it("versions stored before graph hashes get theirs at start-up (backfillGraphHashes), and are then reused", async () => {
    await withTarget(async (target) => {
      const local = await createPipeline(target.db, nodeRegistry, { name: "older", graph: bundle.pipeline.graph });
      await target.db.pipelineVersion.update({ where: { id: local.versionId }, data: { graphHash: null } });
      // A version whose graph cannot be read keeps no hash (and breaks nothing).
      await target.db.pipelineVersion.create({ data: { pipelineId: local.pipelineId, version: 2, graphJson: "{broken" } });
      expect(await backfillGraphHashes(target.db)).toBe(1);
      expect(await backfillGraphHashes(target.db)).toBe(0);
      expect((await importRunBundle(target.db, bundle)).pipelineVersionId).toBe(local.versionId);
    });
  });

  it("marks imported runs (Run.importedAt) and keeps what they recorded", async () => {
    await withTarget(async (target) => {
      const before = Date.now();
      const imported = await importRunBundle(target.db, bundle);
      const run = await target.db.run.findUniqueOrThrow({ where: { id: imported.runId } });
      expect(run.importedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(run).toMatchObject({ status: "completed", doneItems: 5, totalItems: 5, name: bundle.run.name, seed: bundle.run.seed });
      expect(run.createdAt.toISOString()).toBe(bundle.run.createdAt);
    });
  });

  it("stores a model answer holding NUL (as U+FFFD, like item writes) but refuses NUL in the dataset, naming the record and field", async () => {
    await withTarget(async (target) => {
      const withNul = structuredClone(bundle);
      withNul.items[0]!.rawAnswer = "a\u0000b";
      const imported = await importRunBundle(target.db, withNul);
      const item = await target.db.runItem.findFirstOrThrow({ where: { runId: imported.runId, exampleId: withNul.items[0]!.exampleId } });
      expect(item.rawAnswer).toBe("a\uFFFDb");

      const before = await tableCounts(target.db);
      const badInput = structuredClone(bundle);
      badInput.dataset.examples[2]!.input = "tweet\u0000";
      await expect(importRunBundle(target.db, badInput)).rejects.toThrow(
        `dataset.examples[2] (id ${JSON.stringify(badInput.dataset.examples[2]!.exampleId)}): input contains a NUL character (U+0000) at character 5`,
      );
      expect(await tableCounts(target.db)).toEqual(before);
    });
  });

  it("a bundle's prototype keys (constructor, prototype, __proto__) never reach the database: the file is read by the prototype-safe parser", async () => {
    await withTarget(async (target) => {
      const text = JSON.stringify(bundle)
        .replace('"params":{"method"', '"params":{"constructor":{"prototype":{"polluted":true}},"method"')
        .replace('"official":{', '"official":{"__proto__":{"polluted":true},');
      expect(text).toContain('"constructor"');
      const imported = await importRunBundle(target.db, parseJson(text, "bundle.json"));
      const run = await target.db.run.findUniqueOrThrow({ where: { id: imported.runId }, include: { pipelineVersion: true } });
      expect(run.pipelineVersion.graphJson).not.toMatch(/constructor|prototype|__proto__/);
      expect(run.summaryJson).not.toMatch(/__proto__|polluted/);
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });
  });

  it("imports a 100,000-example bundle on SQLite (chunked writes, never one statement past the parameter limit)", { timeout: 240_000 }, async () => {
    await withTarget(async (target) => {
      const big = scaledBundle(bundle, 100_000);
      const imported = await importRunBundle(target.db, JSON.parse(JSON.stringify(big)));
      expect(await target.db.example.count({ where: { datasetId: imported.datasetId } })).toBe(100_000);
      expect(await target.db.runItem.count({ where: { runId: imported.runId } })).toBe(100_000);
      expect(await target.db.run.findUniqueOrThrow({ where: { id: imported.runId } })).toMatchObject({ doneItems: 100_000, totalItems: 100_000 });
      // Importing it again reuses the 100,000 examples (compared a chunk at a time).
      expect((await importRunBundle(target.db, big)).reusedDataset).toBe(true);
    });
  });

  describe.skipIf(!hasPostgres)(hasPostgres ? "on PostgreSQL" : postgresSkipReason, () => {
    it("imports a 100,000-example bundle, and refuses NUL in its dataset with the location, leaving every table as it was", { timeout: 240_000 }, async () => {
      const pg = await createTempPostgresDatabase();
      try {
        const big = scaledBundle(bundle, 100_000);
        const imported = await importRunBundle(pg.db, big);
        expect(await pg.db.example.count({ where: { datasetId: imported.datasetId } })).toBe(100_000);
        expect(await pg.db.runItem.count({ where: { runId: imported.runId } })).toBe(100_000);

        const before = await tableCounts(pg.db);
        const withNul = structuredClone(bundle);
        withNul.dataset.name = "another name";
        withNul.dataset.examples[1]!.gold = "gold\u0000";
        await expect(importRunBundle(pg.db, withNul)).rejects.toThrow(/dataset\.examples\[1\] \(id "[^"]+"\): gold contains a NUL character/);
        expect(await tableCounts(pg.db)).toEqual(before);

        const nulAnswer = structuredClone(bundle);
        nulAnswer.items[0]!.answer = "x\u0000y";
        const stored = await importRunBundle(pg.db, nulAnswer);
        expect((await pg.db.runItem.findFirstOrThrow({ where: { runId: stored.runId, exampleId: nulAnswer.items[0]!.exampleId } })).answer).toBe("x\uFFFDy");
      } finally {
        await pg.cleanup();
      }
    });
  });
});
