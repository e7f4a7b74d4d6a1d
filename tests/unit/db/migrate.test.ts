import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrateSqlite, readMigrations } from "../../../server/db/migrate";

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-migrate-"));
  dirs.push(dir);
  return path.join(dir, "nested", "studio.db");
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("migrateSqlite", () => {
  it("applies every committed migration once, creating the folder, and is idempotent", () => {
    const file = tempFile();
    const all = readMigrations();
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = migrateSqlite(file, all);
    expect(first.applied).toEqual(all.map((m) => m.name));
    const second = migrateSqlite(file, all);
    expect(second).toEqual({ applied: [], alreadyApplied: all.length });
    const db = new Database(file);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[];
    db.close();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["Dataset", "Example", "Run", "RunItem"]));
  });

  it("0004 renames RunItem's example columns keeping their values: row id -> exampleRowId (a foreign key), LaMP id -> exampleId", () => {
    const file = tempFile();
    const all = readMigrations();
    const at = all.findIndex((m) => m.name === "0004_run_item_example_names");
    expect(at).toBeGreaterThan(0);
    migrateSqlite(file, all.slice(0, at));
    let db = new Database(file);
    db.exec(`
      INSERT INTO "Dataset" (id, name, task, split, source) VALUES ('d1', 'd', 'LaMP-7', 'dev', 'import');
      INSERT INTO "Example" (id, datasetId, position, exampleId, input, profileJson, profileSize) VALUES ('row-1', 'd1', 0, '7000', 'x', '[]', 0);
      INSERT INTO "Pipeline" (id, name, updatedAt) VALUES ('p1', 'p', CURRENT_TIMESTAMP);
      INSERT INTO "PipelineVersion" (id, pipelineId, version, graphJson) VALUES ('v1', 'p1', 1, '{}');
      INSERT INTO "Run" (id, pipelineVersionId, datasetId, configJson) VALUES ('r1', 'v1', 'd1', '{}');
      INSERT INTO "RunItem" (id, runId, exampleId, exampleKey, position, status, answer) VALUES ('i1', 'r1', 'row-1', '7000', 0, 'done', 'a');
    `);
    db.close();
    migrateSqlite(file, all);
    db = new Database(file);
    db.pragma("foreign_keys = ON");
    expect(db.prepare(`SELECT id, exampleRowId, exampleId, answer FROM "RunItem"`).all()).toEqual([{ id: "i1", exampleRowId: "row-1", exampleId: "7000", answer: "a" }]);
    expect(() => db.prepare(`INSERT INTO "RunItem" (id, runId, exampleRowId, exampleId, position, status) VALUES ('i2', 'r1', 'no-such-row', '1', 1, 'done')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it("0005 adds experiments without touching a run or its items (a redefined Run table would cascade-delete them)", () => {
    const file = tempFile();
    const all = readMigrations();
    const at = all.findIndex((m) => m.name === "0005_experiments");
    expect(at).toBeGreaterThan(0);
    migrateSqlite(file, all.slice(0, at));
    let db = new Database(file);
    db.exec(`
      INSERT INTO "Dataset" (id, name, task, split, source) VALUES ('d1', 'd', 'LaMP-7', 'dev', 'import');
      INSERT INTO "Example" (id, datasetId, position, exampleId, input, profileJson, profileSize) VALUES ('row-1', 'd1', 0, '7000', 'x', '[]', 0);
      INSERT INTO "Pipeline" (id, name, updatedAt) VALUES ('p1', 'p', CURRENT_TIMESTAMP);
      INSERT INTO "PipelineVersion" (id, pipelineId, version, graphJson) VALUES ('v1', 'p1', 1, '{}');
      INSERT INTO "Run" (id, pipelineVersionId, datasetId, configJson, summaryJson) VALUES ('r1', 'v1', 'd1', '{}', '{"kept":true}');
      INSERT INTO "RunItem" (id, runId, exampleRowId, exampleId, position, status, answer) VALUES ('i1', 'r1', 'row-1', '7000', 0, 'done', 'a');
    `);
    db.close();
    migrateSqlite(file, all);
    db = new Database(file);
    db.pragma("foreign_keys = ON");
    expect(db.prepare(`SELECT id, summaryJson, experimentId, cellJson FROM "Run"`).all()).toEqual([{ id: "r1", summaryJson: '{"kept":true}', experimentId: null, cellJson: "{}" }]);
    expect(db.prepare(`SELECT id, answer FROM "RunItem"`).all()).toEqual([{ id: "i1", answer: "a" }]);
    // A run of an experiment goes with it.
    db.exec(`INSERT INTO "Experiment" (id, name, specJson) VALUES ('e1', 'e', '{}'); UPDATE "Run" SET experimentId = 'e1'; DELETE FROM "Experiment";`);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "Run"`).get()).toEqual({ n: 0 });
    db.close();
  });

  it("rolls back a failing migration and records nothing for it", () => {
    const file = tempFile();
    const good = { name: "0001_a", sql: `CREATE TABLE a (x INTEGER);`, checksum: "a" };
    const bad = { name: "0002_b", sql: `CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);`, checksum: "b" };
    expect(() => migrateSqlite(file, [good, bad])).toThrow(/missing/);
    const db = new Database(file);
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    const recorded = db.prepare(`SELECT name FROM "_studio_migrations"`).all();
    db.close();
    expect(names).toContain("a");
    expect(names).not.toContain("b");
    expect(recorded).toEqual([{ name: "0001_a" }]);
  });

  it("refuses a migration whose file changed after it was applied", () => {
    const file = tempFile();
    migrateSqlite(file, [{ name: "0001_a", sql: `CREATE TABLE a (x INTEGER);`, checksum: "one" }]);
    expect(() => migrateSqlite(file, [{ name: "0001_a", sql: `CREATE TABLE a (x TEXT);`, checksum: "two" }])).toThrow(
      /0001_a was changed after it was applied/,
    );
  });
});
