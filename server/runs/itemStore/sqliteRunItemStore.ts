import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { sqliteDateTime } from "../../db/sqliteBulkWriter";
import {
  DONE_UPDATE_COLUMNS,
  FAILED_UPDATE_COLUMNS,
  itemRow,
  itemUpsertSql,
  outcomeOver,
  zeroDelta,
  type CounterDelta,
  type ItemOutcome,
  type ItemRow,
  type ItemWrite,
  type RunItemStore,
} from "./itemWrite";

type SqliteValue = string | number | null;

function sqliteRow(row: ItemRow): Record<string, SqliteValue> {
  const out: Record<string, SqliteValue> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v;
  return out;
}

/**
 * Item writes on the SQLite file through a connection of their own with prepared statements: one
 * BEGIN IMMEDIATE transaction per batch (the write lock first, so a concurrent writer in another
 * process waits rather than reads a stale status), a status read and an upsert per item, one
 * counter update per run.
 */
export class SqliteRunItemStore implements RunItemStore {
  private readonly db: Database.Database;
  private readonly previous: Database.Statement;
  private readonly upsertDone: Database.Statement;
  private readonly upsertFailed: Database.Statement;
  private readonly counters: Database.Statement;
  private readonly beat: Database.Statement;
  private readonly batch: (writes: readonly ItemWrite[]) => ItemOutcome[];

  constructor(file: string) {
    this.db = new Database(file, { timeout: 60_000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.previous = this.db.prepare(`SELECT "status" FROM "RunItem" WHERE "runId" = ? AND "exampleRowId" = ?`).pluck();
    this.upsertDone = this.db.prepare(itemUpsertSql(DONE_UPDATE_COLUMNS, (c) => `@${c}`));
    this.upsertFailed = this.db.prepare(itemUpsertSql(FAILED_UPDATE_COLUMNS, (c) => `@${c}`));
    this.counters = this.db.prepare(
      `UPDATE "Run" SET "doneItems" = "doneItems" + @done, "failedItems" = "failedItems" + @failed, "promptTokens" = "promptTokens" + @promptTokens, ` +
        `"completionTokens" = "completionTokens" + @completionTokens, "reasoningTokens" = "reasoningTokens" + @reasoningTokens WHERE "id" = @runId`,
    );
    this.beat = this.db.prepare(`UPDATE "Run" SET "heartbeatAt" = ? WHERE "id" = ?`);
    this.batch = this.db
      .transaction((writes: readonly ItemWrite[]) => {
        const deltas = new Map<string, CounterDelta>();
        const finishedAt = new Date();
        const outcomes = writes.map((write) => {
          let delta = deltas.get(write.runId);
          if (!delta) deltas.set(write.runId, (delta = zeroDelta()));
          const previous = (this.previous.get(write.runId, write.example.id) as string | undefined) ?? null;
          const outcome = outcomeOver(previous, write, delta);
          if (outcome.status === "already-done") return outcome;
          const row = sqliteRow(itemRow(write, randomUUID(), finishedAt));
          (write.result.ok ? this.upsertDone : this.upsertFailed).run(row);
          return outcome;
        });
        for (const [runId, delta] of deltas) this.counters.run({ runId, ...delta });
        return outcomes;
      })
      .immediate;
  }

  async writeBatch(writes: readonly ItemWrite[]): Promise<ItemOutcome[]> {
    return this.batch(writes);
  }

  // Synchronous, like the batches: a Prisma write here could hold the lock across an await while this
  // connection waits for it on the same thread.
  async heartbeat(runId: string, at: Date): Promise<void> {
    this.beat.run(sqliteDateTime(at), runId);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
