import { randomUUID } from "node:crypto";
import pg from "pg";
import {
  DONE_UPDATE_COLUMNS,
  FAILED_UPDATE_COLUMNS,
  ITEM_COLUMNS,
  itemRow,
  itemUpsertSql,
  outcomeOver,
  zeroDelta,
  type CounterDelta,
  type ItemOutcome,
  type ItemWrite,
  type RunItemStore,
} from "./itemWrite";

const UPSERT_DONE = { name: "studio-run-item-done", text: itemUpsertSql(DONE_UPDATE_COLUMNS, (_c, i) => `$${i + 1}`) };
const UPSERT_FAILED = { name: "studio-run-item-failed", text: itemUpsertSql(FAILED_UPDATE_COLUMNS, (_c, i) => `$${i + 1}`) };
const PREVIOUS = { name: "studio-run-item-status", text: `SELECT "status" FROM "RunItem" WHERE "runId" = $1 AND "exampleRowId" = $2` };
const LOCK_RUNS = { name: "studio-run-lock", text: `SELECT "id" FROM "Run" WHERE "id" = ANY($1) ORDER BY "id" FOR UPDATE` };
const COUNTERS = {
  name: "studio-run-counters",
  text:
    `UPDATE "Run" SET "doneItems" = "doneItems" + $2, "failedItems" = "failedItems" + $3, "promptTokens" = "promptTokens" + $4, ` +
    `"completionTokens" = "completionTokens" + $5, "reasoningTokens" = "reasoningTokens" + $6 WHERE "id" = $1`,
};

/**
 * PostgreSQL text cannot hold NUL (U+0000), which a model may well write: it is stored as U+FFFD
 * (the replacement character) in the raw text columns. The JSON columns need nothing: their text
 * spells it \u0000.
 */
function storable(value: unknown): unknown {
  return typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
}

/**
 * Item writes on PostgreSQL through a connection of their own with named (prepared) statements:
 * one transaction per batch that first locks the batch's runs (in id order, so two writers never
 * deadlock), so a concurrent writer of the same example waits and then reads "done".
 */
export class PostgresRunItemStore implements RunItemStore {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<PostgresRunItemStore> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Errors of an idle connection surface on the next query; do not crash the process.
    client.on("error", () => {});
    return new PostgresRunItemStore(client);
  }

  async writeBatch(writes: readonly ItemWrite[]): Promise<ItemOutcome[]> {
    const { client } = this;
    await client.query("BEGIN");
    try {
      await client.query({ ...LOCK_RUNS, values: [[...new Set(writes.map((w) => w.runId))]] });
      const deltas = new Map<string, CounterDelta>();
      const finishedAt = new Date();
      const outcomes: ItemOutcome[] = [];
      for (const write of writes) {
        let delta = deltas.get(write.runId);
        if (!delta) deltas.set(write.runId, (delta = zeroDelta()));
        const previous = await client.query<{ status: string }>({ ...PREVIOUS, values: [write.runId, write.example.id] });
        const outcome = outcomeOver(previous.rows[0]?.status ?? null, write, delta);
        outcomes.push(outcome);
        if (outcome.status === "already-done") continue;
        const row = itemRow(write, randomUUID(), finishedAt);
        await client.query({ ...(write.result.ok ? UPSERT_DONE : UPSERT_FAILED), values: ITEM_COLUMNS.map((c) => storable(row[c])) });
      }
      for (const [runId, d] of deltas) {
        await client.query({ ...COUNTERS, values: [runId, d.done, d.failed, d.promptTokens, d.completionTokens, d.reasoningTokens] });
      }
      await client.query("COMMIT");
      return outcomes;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  }

  async heartbeat(runId: string, at: Date): Promise<void> {
    await this.client.query({ name: "studio-run-heartbeat", text: `UPDATE "Run" SET "heartbeatAt" = $1 WHERE "id" = $2`, values: [at, runId] });
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
