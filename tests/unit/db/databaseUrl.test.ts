import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeDatabaseTarget, resolveDatabaseTarget, resolveSqliteUrl } from "../../../server/db/databaseUrl";

const fileOf = (url: string, cwd: string) => {
  const target = resolveDatabaseTarget(url, cwd);
  if (target.kind !== "sqlite") throw new Error(`not a SQLite target: ${url}`);
  return target.file;
};

describe("resolveDatabaseTarget", () => {
  it("defaults to data/studio.db under the working directory", () => {
    expect(resolveDatabaseTarget(undefined, "/srv/studio")).toEqual({
      kind: "sqlite",
      file: path.resolve("/srv/studio/data/studio.db"),
      url: `file:${path.resolve("/srv/studio/data/studio.db")}`,
    });
  });

  it("resolves relative file: URLs against the working directory and keeps absolute ones", () => {
    expect(fileOf("file:./x/y.db", "/srv")).toBe("/srv/x/y.db");
    expect(fileOf("file:/tmp/a.db", "/srv")).toBe("/tmp/a.db");
    expect(fileOf("file:///tmp/c.db", "/srv")).toBe("/tmp/c.db");
    expect(fileOf("/tmp/b.db?mode=rw", "/srv")).toBe("/tmp/b.db");
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs, keeping the URL as given", () => {
    expect(resolveDatabaseTarget("postgresql://me:secret@127.0.0.1:5432/test")).toEqual({
      kind: "postgres",
      url: "postgresql://me:secret@127.0.0.1:5432/test",
    });
    expect(resolveDatabaseTarget("  postgres://db.internal/studio?sslmode=require ")).toEqual({
      kind: "postgres",
      url: "postgres://db.internal/studio?sslmode=require",
    });
  });

  it("describes a PostgreSQL target without its credentials", () => {
    const target = resolveDatabaseTarget("postgresql://me:secret@127.0.0.1:5432/test");
    expect(describeDatabaseTarget(target)).toBe("PostgreSQL postgresql://***@127.0.0.1:5432/test");
    expect(describeDatabaseTarget(resolveDatabaseTarget("file:/tmp/a.db"))).toBe("/tmp/a.db");
  });

  it("rejects PostgreSQL URLs without a database, and other schemes, with messages that hide the password", () => {
    expect(() => resolveDatabaseTarget("postgresql://me:secret@127.0.0.1:5432")).toThrow(/names no PostgreSQL database/);
    expect(() => resolveDatabaseTarget("postgresql://me:secret@127.0.0.1:5432")).not.toThrow(/secret/);
    expect(() => resolveDatabaseTarget("mysql://me:secret@127.0.0.1/db")).toThrow(/neither a SQLite file .* nor a PostgreSQL URL/);
    expect(() => resolveDatabaseTarget("mysql://me:secret@127.0.0.1/db")).not.toThrow(/secret/);
  });

  it("keeps the Prisma CLI config (prisma.config.ts) on SQLite, naming PostgreSQL without the password", () => {
    expect(resolveSqliteUrl("file:/tmp/a.db")).toBe("file:/tmp/a.db");
    expect(() => resolveSqliteUrl("postgresql://me:secret@h/db")).toThrow(/postgresql:\/\/\*\*\*@h\/db.*SQLite schema only/);
    expect(() => resolveSqliteUrl("postgresql://me:secret@h/db")).not.toThrow(/secret/);
  });

  it("rejects a URL without a file", () => {
    expect(() => resolveDatabaseTarget("file:")).toThrow(/names no database file/);
  });
});
