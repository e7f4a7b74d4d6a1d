import Database from "better-sqlite3";

type Row = Record<string, string | number | null>;

/**
 * One write transaction on the SQLite file, for bulk loads. Prisma's createMany costs about 15x
 * more per LaMP example than prepared statements (measured with bench/lampImport.bench.ts), so
 * imports write through their own connection. BEGIN IMMEDIATE takes the write lock up front;
 * nothing is visible to other connections until commit, and rollback leaves no trace.
 */
export class SqliteBulkWriter {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private open = true;

  constructor(file: string) {
    // Waits for a concurrent writer (e.g. a run storing items) instead of failing at once.
    this.db = new Database(file, { timeout: 60_000 });
    this.db.pragma("foreign_keys = ON");
    this.db.exec("BEGIN IMMEDIATE");
  }

  /** Inserts rows into one table; column names come from the first row and must be our own identifiers. */
  insert(table: string, rows: readonly Row[]): void {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const key = `${table}(${columns.join(",")})`;
    let statement = this.statements.get(key);
    if (!statement) {
      const names = columns.map((c) => `"${c}"`).join(", ");
      statement = this.db.prepare(`INSERT INTO "${table}" (${names}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
      this.statements.set(key, statement);
    }
    for (const row of rows) statement.run(row);
  }

  update(table: string, id: string, values: Row): void {
    const sets = Object.keys(values).map((c) => `"${c}" = @${c}`).join(", ");
    this.db.prepare(`UPDATE "${table}" SET ${sets} WHERE "id" = @__id`).run({ ...values, __id: id });
  }

  commit(): void {
    this.finish("COMMIT");
  }

  rollback(): void {
    this.finish("ROLLBACK");
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

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
