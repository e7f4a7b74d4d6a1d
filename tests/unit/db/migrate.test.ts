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
