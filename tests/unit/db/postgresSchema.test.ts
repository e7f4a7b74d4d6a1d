import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, POSTGRES_SCHEMA_HEADER, SQLITE_SCHEMA, postgresSchemaFrom } from "../../../cli/postgresSchema";
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, readMigrations } from "../../../server/db/migrate";
import * as sqliteClient from "../../../server/db/generated/internal/prismaNamespace";
import * as postgresClient from "../../../server/db/generated-pg/internal/prismaNamespace";

const read = (file: string) => fs.readFileSync(file, "utf8");
const FIX = "run `npm run cli -- sync-postgres-schema` (or `npm run db:migration -- <name>`) and commit the result";

describe("the PostgreSQL Prisma schema follows prisma/schema.prisma", () => {
  it("is exactly what the sync script writes from the current schema", () => {
    const expected = postgresSchemaFrom(read(SQLITE_SCHEMA));
    // A custom message: a stale file is fixed by regenerating it, not by editing it.
    expect(read(POSTGRES_SCHEMA) === expected, `${POSTGRES_SCHEMA} is stale: ${FIX}`).toBe(true);
  });

  it("differs from it only in the datasource provider and url and the generator output", () => {
    const main = read(SQLITE_SCHEMA).split("\n");
    const pg = read(POSTGRES_SCHEMA);
    expect(pg.startsWith(POSTGRES_SCHEMA_HEADER)).toBe(true);
    const pgLines = pg.slice(POSTGRES_SCHEMA_HEADER.length).split("\n");
    expect(pgLines).toHaveLength(main.length);
    const differing = main.flatMap((line, i) => (line === pgLines[i] ? [] : [[line.trim(), pgLines[i].trim()]]));
    expect(differing).toEqual([
      ['output     = "../server/db/generated"', 'output     = "../../server/db/generated-pg"'],
      ['provider = "sqlite"', 'provider = "postgresql"'],
      ['url      = "file:../data/studio.db"', 'url      = "postgresql://localhost:5432/studio"'],
    ]);
  });

  it("refuses a schema whose datasource or generator it does not recognise", () => {
    const main = read(SQLITE_SCHEMA);
    expect(() => postgresSchemaFrom(main.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/datasource provider = "sqlite"/);
    expect(() => postgresSchemaFrom(main.replace("../server/db/generated", "../elsewhere"))).toThrow(/generator output/);
  });

  it("has generated clients with the same models and fields (run `npm run postinstall` after a schema change)", () => {
    expect(postgresClient.ModelName).toEqual(sqliteClient.ModelName);
    for (const model of Object.keys(sqliteClient.ModelName)) {
      const key = `${model}ScalarFieldEnum` as keyof typeof sqliteClient & keyof typeof postgresClient;
      expect(postgresClient[key], model).toEqual(sqliteClient[key]);
    }
  });
});

describe("prisma/migrations-postgres mirrors prisma/migrations", () => {
  const sqlite = readMigrations(MIGRATIONS_DIR);
  const postgres = readMigrations(POSTGRES_MIGRATIONS_DIR);

  it("has the same migrations, by name and in order", () => {
    expect(sqlite.length).toBeGreaterThanOrEqual(2);
    expect(postgres.map((m) => m.name)).toEqual(sqlite.map((m) => m.name));
  });

  it("keeps beside each migration the PostgreSQL form of the SQLite snapshot (what the next diff starts from)", () => {
    for (const m of sqlite) {
      const snapshot = (dir: string) => read(path.join(dir, m.name, "schema.snapshot.prisma"));
      expect(snapshot(POSTGRES_MIGRATIONS_DIR) === postgresSchemaFrom(snapshot(MIGRATIONS_DIR)), `${m.name} snapshot`).toBe(true);
    }
  });

  it("holds PostgreSQL SQL (no SQLite-only types)", () => {
    for (const m of postgres) {
      expect(m.sql, m.name).not.toMatch(/\bDATETIME\b|\bBLOB\b|AUTOINCREMENT|PRAGMA/);
    }
    expect(postgres.map((m) => m.sql).join("\n")).toMatch(/TIMESTAMP\(3\)/);
  });
});
