import crypto from "node:crypto";
import pg from "pg";
import { redactUrl } from "../urlCredentials";
import { POSTGRES_MIGRATIONS_DIR, readMigrations, type MigrationFile, type MigrationReport } from "./migrate";

/**
 * Key of the transaction-level advisory lock every migration step takes: two processes starting at
 * once (the web server and a worker) queue on it, and the second sees the first's migrations as
 * applied instead of running them again. A fixed 64-bit number derived from a name of our own.
 */
export const MIGRATION_LOCK_KEY = BigInt.asIntN(
  64,
  BigInt(`0x${crypto.createHash("sha256").update("reaper-studio:_studio_migrations").digest("hex").slice(0, 16)}`),
).toString();

/**
 * Applies pending PostgreSQL migrations (prisma/migrations-postgres), each in its own transaction
 * holding the advisory lock, and records them in `_studio_migrations` with their checksums, the
 * same bookkeeping as migrateSqlite. `prisma migrate deploy` cannot do this offline against
 * PostgreSQL with the wasm engine (STACK.md 1b). A migration whose file changed after it was
 * applied is an error, never silently re-run; a failing migration leaves no trace.
 */
export async function migratePostgres(
  url: string,
  migrations: MigrationFile[] = readMigrations(POSTGRES_MIGRATIONS_DIR),
): Promise<MigrationReport> {
  const where = redactUrl(url);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Cannot connect to PostgreSQL at ${where} to migrate it: ${(err as Error).message}`, { cause: err });
  }
  // A server-side error after connect (e.g. the server going away) must not crash the process.
  client.on("error", () => {});
  try {
    const applied: string[] = [];
    for (const m of migrations) {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
        await client.query(`CREATE TABLE IF NOT EXISTS "_studio_migrations" (
          "name" TEXT NOT NULL PRIMARY KEY,
          "checksum" TEXT NOT NULL,
          "appliedAt" TEXT NOT NULL
        )`);
        // Read under the lock: another process may have applied it while we waited.
        const done = await client.query<{ checksum: string }>(`SELECT "checksum" FROM "_studio_migrations" WHERE "name" = $1`, [
          m.name,
        ]);
        if (done.rows.length > 0) {
          if (done.rows[0].checksum !== m.checksum) {
            throw new Error(
              `Migration ${m.name} was changed after it was applied to ${where}. ` +
                `Add a new migration instead of editing an applied one.`,
            );
          }
          await client.query("COMMIT");
          continue;
        }
        try {
          await client.query(m.sql);
        } catch (err) {
          throw new Error(`Migration ${m.name} failed on ${where}: ${(err as Error).message}`, { cause: err });
        }
        await client.query(`INSERT INTO "_studio_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)`, [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.end().catch(() => undefined);
  }
}
