import pg from "pg";
import type { BulkRow, BulkValue, BulkWriter } from "./bulkWriter";
import { redactUrl } from "../urlCredentials";

/** PostgreSQL accepts at most 65535 parameters per statement. */
const MAX_PARAMETERS = 65_535;
/** Rows per INSERT statement at most (fewer for wide rows, see MAX_PARAMETERS). */
const MAX_ROWS_PER_STATEMENT = 1_000;

type PgValue = string | number | boolean | null;

/**
 * One write transaction on PostgreSQL, for bulk loads (see bulkWriter.ts): its own `pg`
 * connection, BEGIN, multi-row parameterised INSERTs, COMMIT or ROLLBACK. Nothing is visible to
 * other connections until commit; rollback (or a dropped connection) leaves no trace.
 */
export class PostgresBulkWriter implements BulkWriter {
  private open = true;

  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<PostgresBulkWriter> {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
    }
    // Errors of an idle connection (server restart) surface on the next query; do not crash the process.
    client.on("error", () => {});
    try {
      await client.query("BEGIN");
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return new PostgresBulkWriter(client);
  }

  async insert(table: string, rows: readonly BulkRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
    const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES `;
    for (let start = 0; start < rows.length; start += perStatement) {
      const values: PgValue[] = [];
      const tuples = rows.slice(start, start + perStatement).map((row) => {
        const placeholders = columns.map((column) => {
          if (!(column in row)) throw new Error(`Bulk insert into ${table}: a row has no value for column ${column}`);
          values.push(toPgValue(row[column]));
          return `$${values.length}`;
        });
        return `(${placeholders.join(", ")})`;
      });
      await this.client.query(head + tuples.join(", "), values);
    }
  }

  async update(table: string, id: string, values: BulkRow): Promise<void> {
    const columns = Object.keys(values);
    const sets = columns.map((c, i) => `${quote(c)} = $${i + 1}`).join(", ");
    await this.client.query(`UPDATE ${quote(table)} SET ${sets} WHERE "id" = $${columns.length + 1}`, [
      ...columns.map((c) => toPgValue(values[c])),
      id,
    ]);
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      await this.client.query("COMMIT");
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }

  async rollback(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      await this.client.query("ROLLBACK");
    } catch {
      // The connection is gone: the server discards an unfinished transaction with it. Keep the
      // caller's original error rather than replacing it with this one.
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }

  isUniqueViolation(err: unknown, table: string, column: string): boolean {
    const e = err as { code?: string; table?: string; constraint?: string; detail?: string };
    if (e.code !== "23505" || e.table !== table) return false;
    // Prisma names unique indexes {Model}_{field}_key; the detail names the column either way.
    return e.constraint === `${table}_${column}_key` || (e.detail ?? "").startsWith(`Key (${column})=`) || (e.detail ?? "").startsWith(`Key ("${column}")=`);
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function toPgValue(value: BulkValue): PgValue {
  return value instanceof Date ? pgTimestamp(value) : value;
}

/**
 * Prisma's PostgreSQL schema stores DateTime as `timestamp(3)` (without time zone) holding UTC, and
 * its adapter reads such a value back as UTC. A JS Date handed to `pg` would be sent in the
 * process's local time with an offset that a `timestamp` column ignores, so send UTC text instead.
 */
export function pgTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}
