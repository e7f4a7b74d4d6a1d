import path from "node:path";
import { redactUrl } from "../urlCredentials";

/** Where the embedded database lives unless DATABASE_URL says otherwise (relative to the project root). */
export const DEFAULT_SQLITE_FILE = path.join("data", "studio.db");

export type SqliteTarget = { kind: "sqlite"; file: string; url: string };
/** `url` is the connection string as given (it may hold a password): show it only through redactUrl. */
export type PostgresTarget = { kind: "postgres"; url: string };
export type DatabaseTarget = SqliteTarget | PostgresTarget;

/**
 * Turns DATABASE_URL (or the default) into a database target.
 * - `postgres://` / `postgresql://` URLs select PostgreSQL (same models, see server/db/client.ts).
 * - `file:relative/or/absolute.db` and plain paths select a SQLite file; relative paths resolve against `cwd`.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  const raw = (databaseUrl ?? "").trim();
  if (raw === "") {
    const file = path.resolve(cwd, DEFAULT_SQLITE_FILE);
    return { kind: "sqlite", file, url: `file:${file}` };
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`DATABASE_URL (${redactUrl(raw)}) is not a valid PostgreSQL URL; expected postgresql://user:password@host:5432/database.`);
    }
    if (parsed.pathname.replace(/^\//, "") === "") {
      throw new Error(`DATABASE_URL (${redactUrl(raw)}) names no PostgreSQL database; expected postgresql://user:password@host:5432/database.`);
    }
    return { kind: "postgres", url: raw };
  }
  if (/^(?!file:)[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new Error(`DATABASE_URL (${redactUrl(raw)}) is neither a SQLite file (file:...) nor a PostgreSQL URL (postgresql://...).`);
  }
  const withoutScheme = raw.startsWith("file:") ? raw.slice("file:".length) : raw;
  const withoutQuery = withoutScheme.split("?")[0];
  if (withoutQuery === "") throw new Error(`DATABASE_URL "${raw}" names no database file.`);
  const file = path.resolve(cwd, withoutQuery);
  return { kind: "sqlite", file, url: `file:${file}` };
}

/** The SQLite URL for the Prisma CLI config (prisma.config.ts), which only ever drives the SQLite schema. */
export function resolveSqliteUrl(databaseUrl: string | undefined, cwd?: string): string {
  const target = resolveDatabaseTarget(databaseUrl, cwd);
  if (target.kind !== "sqlite") {
    throw new Error(
      `DATABASE_URL points at PostgreSQL (${redactUrl(target.url)}); the Prisma CLI config drives the SQLite schema only. ` +
        `PostgreSQL is migrated by the studio itself at start (server/db/migratePostgres.ts).`,
    );
  }
  return target.url;
}

/** How logs and messages name a target: the SQLite file, or the PostgreSQL URL without credentials. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  return target.kind === "sqlite" ? target.file : `PostgreSQL ${redactUrl(target.url)}`;
}
