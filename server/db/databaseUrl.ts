import path from "node:path";

/** Where the embedded database lives unless DATABASE_URL says otherwise (relative to the project root). */
export const DEFAULT_SQLITE_FILE = path.join("data", "studio.db");

export type DatabaseTarget = { kind: "sqlite"; file: string; url: string };

/**
 * Turns DATABASE_URL (or the default) into an absolute SQLite file target.
 * Accepts `file:relative/or/absolute.db` and plain paths; relative paths resolve against `cwd`.
 * PostgreSQL URLs are rejected with a clear message until the PostgreSQL client is wired in.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  const raw = (databaseUrl ?? "").trim();
  if (raw === "") {
    const file = path.resolve(cwd, DEFAULT_SQLITE_FILE);
    return { kind: "sqlite", file, url: `file:${file}` };
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    throw new Error(
      `DATABASE_URL points at PostgreSQL (${redactUrl(raw)}), but this build of the studio runs on SQLite only. ` +
        `Unset DATABASE_URL or set it to file:/path/to/studio.db.`,
    );
  }
  const withoutScheme = raw.startsWith("file:") ? raw.slice("file:".length) : raw;
  const withoutQuery = withoutScheme.split("?")[0];
  if (withoutQuery === "") throw new Error(`DATABASE_URL "${raw}" names no database file.`);
  const file = path.resolve(cwd, withoutQuery);
  return { kind: "sqlite", file, url: `file:${file}` };
}

export function resolveSqliteUrl(databaseUrl: string | undefined, cwd?: string): string {
  return resolveDatabaseTarget(databaseUrl, cwd).url;
}

/** Hides credentials in a connection URL so it can be shown in an error or a log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, "//$1:***@");
}
