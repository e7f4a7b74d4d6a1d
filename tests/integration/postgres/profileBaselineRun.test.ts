import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import type { Db } from "../../../server/db/client";
import { nodeRegistry } from "../../../server/nodes/registry";
import { seedTemplatePipelines } from "../../../server/pipelines/seedTemplatePipelines";
import { executeRun } from "../../../server/runs/executeRun";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { offlineServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, datasetFilesFor, importRunDataset } from "../../support/runFixtures";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { createTempPostgresDatabase, hasPostgres, postgresSkipReason, type TempPostgresDatabase } from "../../support/tempPostgres";

const TASK = "LaMP-2N";
const hasData = datasetFilesFor(TASK) !== null;
const skipReason = !hasPostgres ? postgresSkipReason : `no ${TASK} dataset here (samples/lamp/LaMP_2N)`;

let pgDb: TempPostgresDatabase;
let sqliteDb: TempDatabase;

/** Imports the sample, runs the offline profile-baseline template over all of it and reads the run back. */
async function runBaseline(db: Db) {
  const dataset = await importRunDataset(db, TASK);
  const versionId = await createTestPipeline(db, "profile-baseline");
  const n = dataset.examples.length;
  const runId = await createTestRun(db, versionId, dataset.datasetId, { limit: n, seed: 1, concurrency: 4, useCache: false });
  const wiring = offlineServices(db);
  let result;
  try {
    result = await executeRun(db, runId, { registry: nodeRegistry, services: wiring.services });
  } finally {
    await wiring.dispose();
  }
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const items = await db.runItem.findMany({
    where: { runId },
    orderBy: { position: "asc" },
    select: { exampleId: true, position: true, status: true, answer: true, rawAnswer: true, metricsJson: true, signalsJson: true, retrievedIdsJson: true },
  });
  const caller = createCaller(createTrpcContext(db));
  const listed = (await caller.runs.list()).find((r) => r.id === runId);
  return { n, result, run, items, listed, summary: JSON.parse(run.summaryJson ?? "null") as RunSummary | null };
}

describe.skipIf(!hasPostgres || !hasData)(hasPostgres && hasData ? "profile-baseline run on PostgreSQL" : skipReason, () => {
  beforeAll(async () => {
    pgDb = await createTempPostgresDatabase();
    sqliteDb = createTempDatabase();
  });
  afterAll(async () => {
    await pgDb?.cleanup();
    await sqliteDb?.cleanup();
  });

  it("runs end to end and stores the same items and summary as the same run on SQLite", async () => {
    const onPg = await runBaseline(pgDb.db);
    const onSqlite = await runBaseline(sqliteDb.db);

    expect(onPg.n).toBeGreaterThanOrEqual(3);
    expect(onPg.result).toEqual({ status: "completed", done: onPg.n, failed: 0, skipped: 0 });
    expect(onPg.run).toMatchObject({ status: "completed", totalItems: onPg.n, doneItems: onPg.n, failedItems: 0, error: null });
    expect(onPg.run.startedAt).toBeInstanceOf(Date);
    expect(onPg.run.finishedAt!.getTime()).toBeGreaterThanOrEqual(onPg.run.startedAt!.getTime());
    expect(onPg.summary).toMatchObject({ task: TASK, scoredItems: onPg.n, doneItems: onPg.n, failedItems: 0 });
    expect(onPg.summary?.official).not.toBeNull();

    expect(onPg.summary).toEqual(onSqlite.summary);
    expect(onPg.items).toEqual(onSqlite.items);
    expect(onPg.result).toEqual(onSqlite.result);
    expect(onPg.listed).toMatchObject({ status: "completed" });
  });

  it("lists pipelines in the same order as SQLite (own pipelines first, NULL template keys included)", async () => {
    const order = async (db: Db) => {
      await seedTemplatePipelines(db);
      await createTestPipeline(db, "profile-baseline");
      return (await createCaller(createTrpcContext(db)).pipelines.list()).map((p) => [p.templateKey, p.name.replace(/ #\d+$/, "")]);
    };
    const onPg = await order(pgDb.db);
    expect(onPg.some(([key]) => key === null)).toBe(true);
    expect(onPg[0][0]).toBeNull();
    expect(onPg).toEqual(await order(sqliteDb.db));
  });
});
