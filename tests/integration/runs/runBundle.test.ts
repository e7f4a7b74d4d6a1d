import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { importRunBundle } from "../../../server/runs/importRunBundle";
import { exportRunBundle } from "../../../server/runs/runBundle";
import { summarizeRun } from "../../../server/runs/summarizeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { offlineServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, importRunDataset } from "../../support/runFixtures";

let source: TempDatabase;
let target: TempDatabase;
let runId: string;

beforeAll(async () => {
  source = createTempDatabase();
  target = createTempDatabase();
  const dataset = await importRunDataset(source.db, "LaMP-7");
  runId = await createTestRun(source.db, await createTestPipeline(source.db, "profile-baseline"), dataset.datasetId, { limit: 5 });
  const { services, dispose } = offlineServices(source.db);
  await executeRun(source.db, runId, { registry: nodeRegistry, services });
  await dispose();
});
afterAll(async () => {
  await source.cleanup();
  await target.cleanup();
});

describe("run bundles", () => {
  it("move a finished run to another studio: same items, and its summary recomputes to the same numbers there", async () => {
    const bundle = await exportRunBundle(source.db, runId);
    expect(bundle.items).toHaveLength(5);
    expect(bundle.dataset.examples).toHaveLength(5);

    const imported = await importRunBundle(target.db, JSON.parse(JSON.stringify(bundle)));
    expect(imported.reusedDataset).toBe(false);
    const run = await target.db.run.findUniqueOrThrow({ where: { id: imported.runId } });
    expect(run).toMatchObject({ status: "completed", doneItems: 5, failedItems: 0, totalItems: 5 });
    const recomputed = await summarizeRun(target.db, imported.runId);
    const original = await summarizeRun(source.db, runId);
    expect(recomputed).toEqual(original);
    const answers = async (db: TempDatabase, id: string) =>
      (await db.db.runItem.findMany({ where: { runId: id }, orderBy: { position: "asc" }, select: { exampleId: true, answer: true } }));
    expect(await answers(target, imported.runId)).toEqual(await answers(source, runId));
  });

  it("reuses the dataset when it already holds the same examples, and the pipeline version with the same graph (no \"(imported N)\" copy)", async () => {
    const bundle = await exportRunBundle(source.db, runId);
    const original = await source.db.run.findUniqueOrThrow({ where: { id: runId }, select: { pipelineVersionId: true, importedAt: true } });
    const pipelinesBefore = await source.db.pipeline.count();
    const imported = await importRunBundle(source.db, bundle);
    expect(imported).toMatchObject({ reusedDataset: true, reusedPipeline: true, pipelineVersionId: original.pipelineVersionId });
    expect(await source.db.pipeline.count()).toBe(pipelinesBefore);
    // Imported runs say so; runs made here do not.
    expect(original.importedAt).toBeNull();
    const run = await source.db.run.findUniqueOrThrow({ where: { id: imported.runId } });
    expect(run.importedAt).toBeInstanceOf(Date);
  });

  it("never carries a key, even when a stored config holds one", async () => {
    const run = await source.db.run.findUniqueOrThrow({ where: { id: runId } });
    const config = { ...JSON.parse(run.configJson), endpoint: { name: "x", provider: "openai-compatible", model: "m", hasApiKey: true, apiKey: "sk-secret-123" } };
    await source.db.run.update({ where: { id: runId }, data: { configJson: JSON.stringify(config) } });
    const text = JSON.stringify(await exportRunBundle(source.db, runId));
    expect(text).not.toContain("sk-secret-123");
    expect(text).toContain('"hasApiKey":true');
    // Credentials under other names too (issue 10), at any depth; ordinary fields with similar words stay.
    const named = { "x-api-key": "s1", bearerToken: "s2", password: "s3", apiKeyCipher: "s4", client_secret: "s5", Cookie: "s6", maxTokens: 7, headerNames: ["x-api-key"] };
    await source.db.run.update({ where: { id: runId }, data: { configJson: JSON.stringify({ ...config, extra: { nested: named } }) } });
    const again = JSON.stringify(await exportRunBundle(source.db, runId));
    for (const secret of ["s1", "s2", "s3", "s4", "s5", "s6"]) expect(again).not.toContain(`"${secret}"`);
    expect(again).toContain('"maxTokens":7');
    expect(again).toContain('"headerNames":["x-api-key"]');
    await source.db.run.update({ where: { id: runId }, data: { configJson: JSON.stringify(config) } });
  });

  it("reads version 1 bundles (one default endpoint view, no pins) and writes version 2 with the pins", async () => {
    const current = await exportRunBundle(source.db, runId);
    expect(current.version).toBe(2);
    expect(current.run.config.endpoints).toEqual({ models: {}, embeddings: {}, nodes: {} });

    const { endpoints: _pins, repins: _repins, ...legacyConfig } = current.run.config;
    const v1 = {
      ...current,
      version: 1,
      run: { ...current.run, config: { ...legacyConfig, endpoint: { name: "default", provider: "openai-compatible", baseUrl: "http://lab:8000/v1", model: "r1", hasApiKey: false } } },
    };
    const imported = await importRunBundle(target.db, JSON.parse(JSON.stringify(v1)));
    const run = await target.db.run.findUniqueOrThrow({ where: { id: imported.runId } });
    expect(JSON.parse(run.configJson)).toMatchObject({ endpoint: { model: "r1", baseUrl: "http://lab:8000/v1" }, repins: [] });
    expect(await target.db.runItem.count({ where: { runId: imported.runId } })).toBe(5);
  });

  it("refuses a bundle whose run config is not a run config, saying where", async () => {
    const bundle = await exportRunBundle(source.db, runId);
    const bad = { ...bundle, run: { ...bundle.run, config: { ...bundle.run.config, concurrency: "lots" } } };
    await expect(importRunBundle(target.db, bad)).rejects.toThrow(/run\.config\.concurrency/);
  });

  it("refuses a malformed bundle and changes nothing", async () => {
    const before = await target.db.run.count();
    await expect(importRunBundle(target.db, { format: "something-else" })).rejects.toThrow(/Not a ReaPer Studio run bundle: format/);
    const bundle = await exportRunBundle(source.db, runId);
    bundle.items[0].exampleId = "not-in-bundle";
    await expect(importRunBundle(target.db, bundle)).rejects.toThrow(/examples it does not contain: not-in-bundle/);
    expect(await target.db.run.count()).toBe(before);
  });
});
