import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";

/** Folder of `NNNN_name/migration.sql` files produced by `npm run db:migration` (prisma migrate diff). */
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
/** The same migrations (same names, same order) for PostgreSQL, applied by migratePostgres.ts. */
export const POSTGRES_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations-postgres");

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrationReport = { applied: string[]; alreadyApplied: number };

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  if (!fs.existsSync(dir)) throw new Error(`Migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies pending migrations to a SQLite file, each in its own transaction, and records them.
 * We apply the SQL ourselves instead of `prisma migrate deploy`: the offline wasm schema engine
 * cannot deploy to PostgreSQL and keeps the process alive for a minute after some commands
 * (STACK.md 1b), while this runs in-process in a few milliseconds at every start.
 * A migration whose file changed after it was applied is an error, never silently re-run.
 */
export function migrateSqlite(file: string, migrations: MigrationFile[] = readMigrations()): MigrationReport {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.exec(`CREATE TABLE IF NOT EXISTS "_studio_migrations" (
      "name" TEXT NOT NULL PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TEXT NOT NULL
    )`);
    const done = new Map(
      (db.prepare(`SELECT name, checksum FROM "_studio_migrations"`).all() as { name: string; checksum: string }[]).map(
        (r) => [r.name, r.checksum],
      ),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied to ${file}. ` +
              `Add a new migration instead of editing an applied one.`,
          );
        }
        continue;
      }
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(`INSERT INTO "_studio_migrations" (name, checksum, appliedAt) VALUES (?, ?, ?)`).run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
      })();
      applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    db.close();
  }
}
