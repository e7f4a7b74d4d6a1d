import Database from "better-sqlite3";
import type { BulkRow, BulkValue, BulkWriter } from "./bulkWriter";

type SqliteValue = string | number | null;

/**
 * One write transaction on the SQLite file, for bulk loads (see bulkWriter.ts). BEGIN IMMEDIATE
 * takes the write lock up front; nothing is visible to other connections until commit, and
 * rollback leaves no trace.
 */
export class SqliteBulkWriter implements BulkWriter {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private open = true;

  constructor(file: string) {
    // Waits for a concurrent writer (e.g. a run storing items) instead of failing at once.
    this.db = new Database(file, { timeout: 60_000 });
    this.db.pragma("foreign_keys = ON");
    this.db.exec("BEGIN IMMEDIATE");
  }

  async insert(table: string, rows: readonly BulkRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const key = `${table}(${columns.join(",")})`;
    let statement = this.statements.get(key);
    if (!statement) {
      const names = columns.map((c) => `"${c}"`).join(", ");
      statement = this.db.prepare(`INSERT INTO "${table}" (${names}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
      this.statements.set(key, statement);
    }
    for (const row of rows) statement.run(toSqliteRow(row));
  }

  async update(table: string, id: string, values: BulkRow): Promise<void> {
    const sets = Object.keys(values).map((c) => `"${c}" = @${c}`).join(", ");
    this.db.prepare(`UPDATE "${table}" SET ${sets} WHERE "id" = @__id`).run({ ...toSqliteRow(values), __id: id });
  }

  async commit(): Promise<void> {
    this.finish("COMMIT");
  }

  async rollback(): Promise<void> {
    this.finish("ROLLBACK");
  }

  isUniqueViolation(err: unknown, table: string, column: string): boolean {
    return (
      (err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" &&
      ((err as Error).message ?? "").includes(`${table}.${column}`)
    );
  }

  private finish(statement: "COMMIT" | "ROLLBACK"): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.db.exec(statement);
    } finally {
      this.db.close();
    }
  }
}

function toSqliteRow(row: BulkRow): Record<string, SqliteValue> {
  const out: Record<string, SqliteValue> = {};
  for (const [column, value] of Object.entries(row)) out[column] = toSqliteValue(value);
  return out;
}

function toSqliteValue(value: BulkValue): SqliteValue {
  if (value instanceof Date) return sqliteDateTime(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
