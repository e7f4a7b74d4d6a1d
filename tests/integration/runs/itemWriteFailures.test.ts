/**
 * An item whose result the database refuses fails alone, with the reason; the items written with it
 * and the run go on. NUL in a model's answer is stored on PostgreSQL (which refuses NUL in text).
 */
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../../server/db/client";
import { RunItemWriter } from "../../../server/runs/itemStore/runItemWriter";
import type { ItemWrite } from "../../../server/runs/itemStore/itemWrite";
import type { RunItemRecord } from "../../../server/runs/runItemRecord";
import { createTempDatabase } from "../../support/tempDatabase";
import { createTempPostgresDatabase, hasPostgres, postgresSkipReason } from "../../support/tempPostgres";
import { createTestPipeline, createTestRun, importRunDataset, type RunDataset } from "../../support/runFixtures";

function record(answer: string): RunItemRecord {
  return {
    answer,
    rawAnswer: answer,
    reasoning: `thinking about ${answer}`,
    outputsJson: JSON.stringify({ generate: { text: answer } }),
    retrievedIdsJson: "[]",
    metricsJson: "{}",
    signalsJson: "{}",
    metrics: {},
    signals: {},
    promptTokens: 10,
    completionTokens: 5,
    reasoningTokens: 0,
    cacheHit: false,
  };
}

async function runWithExamples(db: Db, n: number): Promise<{ runId: string; dataset: RunDataset }> {
  const dataset = await importRunDataset(db, "LaMP-2", n);
  const versionId = await createTestPipeline(db, "profile-baseline");
  return { runId: await createTestRun(db, versionId, dataset.datasetId, { limit: n }), dataset };
}

const writeOf = (runId: string, dataset: RunDataset, i: number, answer: string): ItemWrite => ({
  runId,
  example: { id: dataset.examples[i].id, exampleId: dataset.examples[i].exampleId, position: i },
  result: { ok: true, record: record(answer) },
  latencyMs: 1,
});

describe("item writes that fail", () => {
  const temp = createTempDatabase("studio-item-writes-");
  afterAll(() => temp.cleanup());

  it("fail only their item, with the reason; the rest of the batch is written and counted", async () => {
    const { runId, dataset } = await runWithExamples(temp.db, 3);
    // A real refusal by the database: a trigger that rejects one answer.
    const raw = new Database(temp.file);
    raw.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON "RunItem" WHEN NEW."answer" = 'poison' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END;`);
    raw.close();
    const writer = new RunItemWriter(temp.db, { maxDelayMs: 50 });
    const outcomes = await Promise.all([writeOf(runId, dataset, 0, "comedy"), writeOf(runId, dataset, 1, "poison"), writeOf(runId, dataset, 2, "drama")].map((w) => writer.write(w)));
    await writer.close();
    expect(outcomes.map((o) => o.status)).toEqual(["done", "failed", "done"]);
    expect(outcomes[1]).toMatchObject({ error: expect.stringMatching(/^The result could not be stored: .*refused by the test trigger/) });
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect([run.doneItems, run.failedItems]).toEqual([2, 1]);
    const items = await temp.db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.status, i.answer])).toEqual([["done", "comedy"], ["failed", null], ["done", "drama"]]);
  });
});

describe.skipIf(!hasPostgres)("NUL in a model's output on PostgreSQL", () => {
  if (!hasPostgres) console.log(postgresSkipReason);

  it("is stored (as U+FFFD in the text columns; the JSON keeps it escaped) and the item is done", async () => {
    const pg = await createTempPostgresDatabase();
    try {
      const { runId, dataset } = await runWithExamples(pg.db, 1);
      const writer = new RunItemWriter(pg.db);
      const outcome = await writer.write(writeOf(runId, dataset, 0, "com\u0000edy"));
      await writer.close();
      expect(outcome.status).toBe("done");
      const item = await pg.db.runItem.findFirstOrThrow({ where: { runId } });
      expect(item.answer).toBe("com\uFFFDedy");
      expect(JSON.parse(item.outputsJson)).toEqual({ generate: { text: "com\u0000edy" } });
    } finally {
      await pg.cleanup();
    }
  });
});
