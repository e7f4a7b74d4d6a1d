import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../support/sharedData";
import { afterAll, describe, expect, it } from "vitest";
import { databaseTargetOf, openDatabase } from "../../../server/db/client";
import { POSTGRES_MIGRATIONS_DIR, readMigrations } from "../../../server/db/migrate";
import { migratePostgres } from "../../../server/db/migratePostgres";
import {
  createEmptyPostgresDatabase,
  hasPostgres,
  postgresSkipReason,
  queryDatabase,
  type TempPostgres,
} from "../../support/tempPostgres";

const created: TempPostgres[] = [];
async function freshDatabase(): Promise<TempPostgres> {
  const temp = await createEmptyPostgresDatabase();
  created.push(temp);
  return temp;
}
afterAll(async () => {
  for (const temp of created.splice(0)) await temp.drop();
});

async function tablesOf(url: string): Promise<string[]> {
  const rows = await queryDatabase<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function recordedOf(url: string): Promise<{ name: string; checksum: string }[]> {
  return queryDatabase(url, `SELECT "name", "checksum" FROM "_studio_migrations" ORDER BY "name"`);
}

describe.skipIf(!hasPostgres)(hasPostgres ? "PostgreSQL migrations (migratePostgres)" : postgresSkipReason, () => {
  const all = readMigrations(POSTGRES_MIGRATIONS_DIR);

  it("applies every committed migration to a fresh database, records their checksums, and is idempotent", async () => {
    const { url } = await freshDatabase();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await migratePostgres(url)).toEqual({ applied: all.map((m) => m.name), alreadyApplied: 0 });
    expect(await migratePostgres(url)).toEqual({ applied: [], alreadyApplied: all.length });
    // Every model of the schema has its table, plus the bookkeeping table.
    const models = [...fs.readFileSync(path.join(REPO_ROOT, "prisma", "schema.prisma"), "utf8").matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    expect(models).toContain("RunItem");
    expect(await tablesOf(url)).toEqual([...models, "_studio_migrations"].sort());
    expect(await recordedOf(url)).toEqual(all.map((m) => ({ name: m.name, checksum: m.checksum })));
  });

  it("lets two migrators started at once apply each migration exactly once (advisory lock)", async () => {
    const { url } = await freshDatabase();
    // Two separate connections, as two processes starting at the same time would have.
    const reports = await Promise.all([migratePostgres(url), migratePostgres(url), migratePostgres(url)]);
    const applied = reports.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(all.map((m) => m.name).sort());
    for (const r of reports) expect(r.applied.length + r.alreadyApplied).toBe(all.length);
    expect(await recordedOf(url)).toHaveLength(all.length);
  });

  it("refuses a migration whose file changed after it was applied, changing nothing", async () => {
    const { url } = await freshDatabase();
    await migratePostgres(url, [{ name: "0001_a", sql: `CREATE TABLE a (x INTEGER);`, checksum: "one" }]);
    const changed = [
      { name: "0001_a", sql: `CREATE TABLE a (x TEXT);`, checksum: "two" },
      { name: "0002_b", sql: `CREATE TABLE b (y INTEGER);`, checksum: "three" },
    ];
    await expect(migratePostgres(url, changed)).rejects.toThrow(/Migration 0001_a was changed after it was applied to postgresql:\/\//);
    expect(await tablesOf(url)).toEqual(["_studio_migrations", "a"]);
    expect(await recordedOf(url)).toEqual([{ name: "0001_a", checksum: "one" }]);
  });

  it("rolls back a failing migration and records nothing for it", async () => {
    const { url } = await freshDatabase();
    const good = { name: "0001_a", sql: `CREATE TABLE a (x INTEGER);`, checksum: "a" };
    const bad = { name: "0002_b", sql: `CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);`, checksum: "b" };
    await expect(migratePostgres(url, [good, bad])).rejects.toThrow(/Migration 0002_b failed on .*"missing" does not exist/);
    expect(await tablesOf(url)).toEqual(["_studio_migrations", "a"]);
    expect(await recordedOf(url)).toEqual([{ name: "0001_a", checksum: "a" }]);
  });

  it("names the server without its credentials when it cannot connect", async () => {
    // Port 1 on the loopback interface: nothing listens there, the connection is refused at once.
    const url = "postgresql://studio:hunter2-secret@127.0.0.1:1/studio";
    const error = await migratePostgres(url, all).then(
      () => null,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/^Cannot connect to PostgreSQL at postgresql:\/\/\*\*\*@127\.0\.0\.1:1\/studio/);
    expect(error?.message).not.toContain("hunter2");
  });

  it("openDatabase(postgresql://...) migrates before the first query and serves every model", async () => {
    const { url } = await freshDatabase();
    const db = openDatabase(url);
    try {
      expect(databaseTargetOf(db)).toEqual({ kind: "postgres", url });
      // The first query connects, which applies the migrations first.
      expect(await db.dataset.count()).toBe(0);
      expect((await recordedOf(url)).map((r) => r.name)).toEqual(all.map((m) => m.name));

      const when = new Date("2024-02-29T23:59:58.123Z");
      const dataset = await db.dataset.create({ data: { name: "d", task: "LaMP-7", split: "dev", source: "import", createdAt: when } });
      expect(dataset.createdAt.toISOString()).toBe(when.toISOString());
      const example = await db.example.create({ data: { datasetId: dataset.id, position: 0, exampleId: "1", input: "x", profileJson: "[]", profileSize: 0 } });
      const pipeline = await db.pipeline.create({ data: { name: "p", versions: { create: { version: 1, graphJson: "{}" } } }, include: { versions: true } });
      const run = await db.run.create({ data: { pipelineVersionId: pipeline.versions[0].id, datasetId: dataset.id, configJson: "{}" } });
      await db.runItem.create({ data: { runId: run.id, exampleRowId: example.id, exampleId: "1", position: 0, status: "done", cacheHit: true } });
      await db.llmCacheEntry.create({ data: { key: "k", endpoint: "http://x", model: "m", responseJson: "{}" } });
      const vector = new Uint8Array([0, 1, 2, 255]);
      await db.embeddingCacheEntry.create({ data: { key: "k", endpoint: "http://x", model: "m", vector, dims: 1 } });

      expect(Array.from((await db.embeddingCacheEntry.findUniqueOrThrow({ where: { key: "k" } })).vector)).toEqual([0, 1, 2, 255]);
      expect(await db.runItem.findFirstOrThrow({ select: { cacheHit: true, attempts: true } })).toEqual({ cacheHit: true, attempts: 1 });
      // Cascades as on SQLite: deleting the dataset removes its examples, runs and items.
      await db.dataset.delete({ where: { id: dataset.id } });
      expect([await db.example.count(), await db.run.count(), await db.runItem.count()]).toEqual([0, 0, 0]);
    } finally {
      await db.$disconnect();
    }
  });
});
