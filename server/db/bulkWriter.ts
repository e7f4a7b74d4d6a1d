// Bulk loads (LaMP imports) write through a connection of their own, in one transaction, instead of
// through Prisma: createMany costs about 15x more per LaMP example on SQLite (bench/lampImport.bench.ts).
// One implementation per database; importDataset only sees this interface.
import type { DatabaseTarget } from "./databaseUrl";
import { PostgresBulkWriter } from "./postgresBulkWriter";
import { SqliteBulkWriter } from "./sqliteBulkWriter";

/** Column values; each writer stores a Date the way Prisma's adapter for its database reads it back. */
export type BulkValue = string | number | boolean | null | Date;
export type BulkRow = Record<string, BulkValue>;

/**
 * One open write transaction. Nothing written is visible to other connections before commit(), and
 * rollback() leaves no trace. After commit() or rollback() the writer is closed; both are safe to
 * call again (no-ops), so a `catch` can always roll back.
 */
export interface BulkWriter {
  /** Inserts rows into one table; column names come from the first row and must be our own identifiers. */
  insert(table: string, rows: readonly BulkRow[]): Promise<void>;
  /** Updates one row by its "id". */
  update(table: string, id: string, values: BulkRow): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Whether an error thrown by this writer is a unique-constraint violation on table.column. */
  isUniqueViolation(err: unknown, table: string, column: string): boolean;
}

/** Opens a bulk writer on the database behind a client (see databaseTargetOf in client.ts). */
export async function openBulkWriter(target: DatabaseTarget): Promise<BulkWriter> {
  return target.kind === "postgres" ? PostgresBulkWriter.open(target.url) : new SqliteBulkWriter(target.file);
}
