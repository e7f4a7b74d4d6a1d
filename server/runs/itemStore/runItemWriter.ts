import type { Db } from "../../db/client";
import { databaseTargetOf } from "../../db/client";
import type { ItemOutcome, ItemWrite, RunItemStore } from "./itemWrite";
import { PostgresRunItemStore } from "./postgresRunItemStore";
import { SqliteRunItemStore } from "./sqliteRunItemStore";

/** Longest wait of a finished item for its batch (group commit). */
const DEFAULT_MAX_DELAY_MS = 4;
const DEFAULT_MAX_BATCH = 256;

type Pending = { write: ItemWrite; resolve(outcome: ItemOutcome): void; reject(err: unknown): void };

/**
 * Group commit of finished items: the items that finish within a few milliseconds are written in
 * one transaction through the database driver's prepared statements, instead of a Prisma
 * transaction of four statements each. `write` resolves only after its batch committed, so an
 * item is reported done only once it is on disk: a crash loses at most the items not yet reported.
 */
export class RunItemWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private store: Promise<RunItemStore> | null = null;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  /**
   * A writer on the database behind a client (SQLite file or PostgreSQL URL). Its connection opens
   * at the first write; close() it when done.
   */
  constructor(
    private readonly db: Db,
    options: { maxDelayMs?: number; maxBatch?: number } = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  private openStore(): Promise<RunItemStore> {
    if (!this.store) {
      const target = databaseTargetOf(this.db);
      this.store = target.kind === "postgres" ? PostgresRunItemStore.open(target.url) : Promise.resolve(new SqliteRunItemStore(target.file));
      this.store.catch(() => (this.store = null));
    }
    return this.store;
  }

  write(write: ItemWrite): Promise<ItemOutcome> {
    if (this.closed) return Promise.reject(new Error("The item writer is closed."));
    return new Promise<ItemOutcome>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.maxDelayMs);
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  /** Writes everything queued; one batch at a time, in arrival order. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.flushing = this.writeBatch(batch);
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    if (this.queue.length > 0) this.flushSoon(0);
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let store: RunItemStore;
    try {
      store = await this.openStore();
    } catch (err) {
      batch.forEach((p) => p.reject(err));
      return;
    }
    try {
      const outcomes = await store.writeBatch(batch.map((p) => p.write));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
      return;
    } catch (err) {
      if (batch.length === 1) return this.writeAsFailed(store, batch[0], err);
    }
    // One item of the batch could not be written (the transaction rolled back): write them one by
    // one, so only that item fails and the others, and the run, go on.
    for (const pending of batch) {
      try {
        pending.resolve((await store.writeBatch([pending.write]))[0]);
      } catch (err) {
        await this.writeAsFailed(store, pending, err);
      }
    }
  }

  /**
   * An item whose result cannot be stored (a value the database refuses) is stored as failed, with
   * the reason, and is retried on resume. If even that fails, the database itself is the problem:
   * the write is rejected and the run stops.
   */
  private async writeAsFailed(store: RunItemStore, pending: Pending, err: unknown): Promise<void> {
    if (!pending.write.result.ok) {
      pending.reject(err);
      return;
    }
    const reason = err instanceof Error ? err.message : String(err);
    const failed: ItemWrite = { ...pending.write, result: { ok: false, error: `The result could not be stored: ${reason.slice(0, 500)}` } };
    try {
      pending.resolve((await store.writeBatch([failed]))[0]);
    } catch (second) {
      pending.reject(second);
    }
  }

  /** Writes the run's heartbeat on the writer's own connection. */
  async heartbeat(runId: string): Promise<void> {
    if (this.closed) return;
    await (await this.openStore()).heartbeat(runId, new Date());
  }

  /** Writes what is queued, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0 || this.flushing) await this.flush();
    await (await this.store?.catch(() => null))?.close();
  }
}
