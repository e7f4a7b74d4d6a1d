import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import { databaseTargetOf, type Db } from "../../../server/db/client";
import { openBulkWriter } from "../../../server/db/bulkWriter";
import { importDataset, importDatasetFromDirectory } from "../../../server/lamp/importDataset";
import { UserInputError } from "../../../server/errors";
import { REPO_ROOT } from "../../support/sharedData";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { createTempPostgresDatabase, hasPostgres, postgresSkipReason, type TempPostgresDatabase } from "../../support/tempPostgres";

const SAMPLE_DIR = path.join(REPO_ROOT, "samples", "lamp", "LaMP_2N");
const SAMPLE = { name: "LaMP-2N sample (dev)", split: "dev", source: "sample" } as const;

let pgDb: TempPostgresDatabase;
let sqliteDb: TempDatabase;
let dir: string;

describe.skipIf(!hasPostgres)(hasPostgres ? "LaMP import on PostgreSQL" : postgresSkipReason, () => {
  beforeAll(async () => {
    pgDb = await createTempPostgresDatabase();
    sqliteDb = createTempDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-pg-"));
  });
  afterAll(async () => {
    await pgDb?.cleanup();
    await sqliteDb?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function listed(db: Db) {
    const caller = createCaller(createTrpcContext(db));
    const rows = await caller.datasets.list();
    const details = await Promise.all(rows.map((r) => caller.datasets.byId({ id: r.id })));
    return rows.map((r, i) => ({
      row: [r.name, r.task, r.split, r.splitKind, r.source, r.exampleCount, r.goldCount],
      examples: details[i].examples.map((e) => [e.exampleId, e.input, e.profileSize, e.gold]),
    }));
  }

  async function counts(db: Db) {
    return { datasets: await db.dataset.count(), examples: await db.example.count() };
  }

  it("imports samples/lamp/LaMP_2N and lists it through the tRPC router exactly as on SQLite", async () => {
    const before = new Date();
    const onPg = await importDatasetFromDirectory(pgDb.db, SAMPLE_DIR, SAMPLE);
    const after = new Date();
    const onSqlite = await importDatasetFromDirectory(sqliteDb.db, SAMPLE_DIR, SAMPLE);
    expect(onPg.exampleCount).toBeGreaterThan(0);
    expect({ ...onPg, datasetId: "" }).toEqual({ ...onSqlite, datasetId: "" });

    const pgListed = await listed(pgDb.db);
    expect(pgListed).toEqual(await listed(sqliteDb.db));
    expect(pgListed[0].row).toEqual([SAMPLE.name, "LaMP-2N", "dev", "user", "sample", onPg.exampleCount, onPg.goldCount]);
    expect(await counts(pgDb.db)).toEqual({ datasets: 1, examples: onPg.exampleCount });

    // Profiles and file order survive byte for byte.
    const rows = async (db: Db) =>
      (await db.example.findMany({ orderBy: { position: "asc" }, select: { position: true, exampleId: true, profileJson: true, gold: true } }));
    expect(await rows(pgDb.db)).toEqual(await rows(sqliteDb.db));

    // The bulk writer's createdAt reads back through Prisma as the moment of the import.
    const { createdAt } = await pgDb.db.dataset.findUniqueOrThrow({ where: { id: onPg.datasetId } });
    expect(createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(createdAt.getTime()).toBeLessThanOrEqual(after.getTime());
  });

  it("leaves the database unchanged when a file turns out malformed after batches were written", async () => {
    const snapshot = await listed(pgDb.db);
    const before = await counts(pgDb.db);
    // 1,200 good questions (more than two 500-row batches) followed by a broken record.
    const questions = Array.from({ length: 1200 }, (_, i) => ({
      id: String(i),
      input: `Paraphrase the following tweet without any explanation before or after it: tweet ${i}`,
      profile: [{ id: `${i}0`, text: `old tweet ${i}` }],
    }));
    const broken = JSON.stringify([...questions, { id: "1200", profile: [] }]);
    const questionsPath = path.join(dir, "broken_questions.json");
    fs.writeFileSync(questionsPath, broken);
    await expect(importDataset(pgDb.db, { name: "broken", split: "dev", source: "import", questionsPath })).rejects.toThrow(/record 1200/);

    // Truncated JSON fails the same way.
    const truncatedPath = path.join(dir, "truncated_questions.json");
    fs.writeFileSync(truncatedPath, JSON.stringify(questions).slice(0, -40));
    await expect(importDataset(pgDb.db, { name: "truncated", split: "dev", source: "import", questionsPath: truncatedPath })).rejects.toThrow();

    // A gold id the questions lack is only found at the very end.
    const goodPath = path.join(dir, "good_questions.json");
    fs.writeFileSync(goodPath, JSON.stringify(questions));
    const outputsPath = path.join(dir, "stray_outputs.json");
    fs.writeFileSync(outputsPath, JSON.stringify({ task: "LaMP_7", golds: [...questions.map((q) => ({ id: q.id, output: "g" })), { id: "9999", output: "x" }] }));
    await expect(importDataset(pgDb.db, { name: "stray", split: "dev", source: "import", questionsPath: goodPath, outputsPath })).rejects.toThrow(
      /1 gold id\(s\) are not in good_questions\.json: "9999"/,
    );

    expect(await counts(pgDb.db)).toEqual(before);
    expect(await listed(pgDb.db)).toEqual(snapshot);
  });

  it("refuses a second dataset with a taken name, also when the name is taken inside the writer's transaction", async () => {
    await expect(importDatasetFromDirectory(pgDb.db, SAMPLE_DIR, SAMPLE)).rejects.toThrow(UserInputError);
    // The unique index catches what the up-front check cannot see (another import committing meanwhile).
    const writer = await openBulkWriter(databaseTargetOf(pgDb.db));
    const error = await writer
      .insert("Dataset", [{ id: "dup", name: SAMPLE.name, task: "LaMP-2N", split: "dev", source: "import", createdAt: new Date() }])
      .then(() => null, (err: unknown) => err);
    await writer.rollback();
    expect(error).not.toBeNull();
    expect(writer.isUniqueViolation(error, "Dataset", "name")).toBe(true);
    expect(writer.isUniqueViolation(error, "Dataset", "task")).toBe(false);
    expect(writer.isUniqueViolation(new Error("other"), "Dataset", "name")).toBe(false);
  });

  it("writes DateTime values that Prisma's PostgreSQL adapter reads back unchanged, whatever the process time zone", async () => {
    const previousTz = process.env.TZ;
    process.env.TZ = "America/Los_Angeles"; // far from UTC, with daylight saving
    try {
      expect(new Date("2024-07-01T12:00:00Z").getTimezoneOffset()).not.toBe(0);
      const moments = ["2024-02-29T23:59:58.123Z", "2024-07-01T00:00:00.000Z", "1999-12-31T23:59:59.999Z"].map((s) => new Date(s));
      const writer = await openBulkWriter(databaseTargetOf(pgDb.db));
      try {
        await writer.insert(
          "Dataset",
          moments.map((createdAt, i) => ({ id: `tz-${i}`, name: `tz ${i}`, task: "LaMP-7", split: "dev", source: "import", createdAt })),
        );
        await writer.commit();
      } catch (err) {
        await writer.rollback();
        throw err;
      }
      const read = await pgDb.db.dataset.findMany({ where: { id: { startsWith: "tz-" } }, orderBy: { id: "asc" } });
      expect(read.map((d) => d.createdAt.toISOString())).toEqual(moments.map((m) => m.toISOString()));
      await pgDb.db.dataset.deleteMany({ where: { id: { startsWith: "tz-" } } });
    } finally {
      if (previousTz === undefined) delete process.env.TZ;
      else process.env.TZ = previousTz;
    }
  });
});
