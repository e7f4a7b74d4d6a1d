import type { RunExample } from "../runExamples";
import type { RunItemRecord } from "../runItemRecord";

/** One finished example: what its attempt produced, ready to be written. */
export type ItemWrite = {
  runId: string;
  example: Pick<RunExample, "id" | "exampleId" | "position">;
  result: { ok: true; record: RunItemRecord } | { ok: false; error: string };
  latencyMs: number;
};

export type ItemOutcome =
  | { status: "done"; record: RunItemRecord; retriedFailure: boolean }
  | { status: "failed"; error: string; retriedFailure: boolean }
  /** Cancelled: nothing was written; the example runs again on resume. */
  | { status: "aborted" }
  /** Another worker had already finished this example (a redelivered job): its result stands. */
  | { status: "already-done" };

/** How a run's counters move when items are written. */
export type CounterDelta = { done: number; failed: number; promptTokens: number; completionTokens: number; reasoningTokens: number };

export const zeroDelta = (): CounterDelta => ({ done: 0, failed: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0 });

/**
 * The outcome of writing an item over what the run already holds for the example: a done item is
 * never replaced (a redelivered job's second result is dropped); a failure that is retried moves
 * from the failed to the done counter, so counters never double-count.
 */
export function outcomeOver(previousStatus: string | null, write: ItemWrite, delta: CounterDelta): ItemOutcome {
  if (previousStatus === "done") return { status: "already-done" };
  const retriedFailure = previousStatus === "failed";
  if (write.result.ok) {
    const { record } = write.result;
    delta.done++;
    if (retriedFailure) delta.failed--;
    delta.promptTokens += record.promptTokens;
    delta.completionTokens += record.completionTokens;
    delta.reasoningTokens += record.reasoningTokens;
    return { status: "done", record, retriedFailure };
  }
  if (!retriedFailure) delta.failed++;
  return { status: "failed", error: write.result.error, retriedFailure };
}

/** Column values of the item's row (Prisma's RunItem model; `id` is generated here as Prisma would). */
export function itemRow(write: ItemWrite, id: string, finishedAt: Date) {
  const base = {
    id,
    runId: write.runId,
    exampleRowId: write.example.id,
    exampleId: write.example.exampleId,
    position: write.example.position,
    latencyMs: write.latencyMs,
    attempts: 1,
    finishedAt,
  };
  if (!write.result.ok) {
    return {
      ...base,
      status: "failed",
      error: write.result.error,
      answer: null,
      rawAnswer: null,
      reasoning: null,
      outputsJson: "{}",
      retrievedIdsJson: "[]",
      metricsJson: "{}",
      signalsJson: "{}",
      promptTokens: 0,
      completionTokens: 0,
      reasoningTokens: 0,
      cacheHit: false,
    };
  }
  const r = write.result.record;
  return {
    ...base,
    status: "done",
    error: null,
    answer: r.answer,
    rawAnswer: r.rawAnswer,
    reasoning: r.reasoning,
    outputsJson: r.outputsJson,
    retrievedIdsJson: r.retrievedIdsJson,
    metricsJson: r.metricsJson,
    signalsJson: r.signalsJson,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    reasoningTokens: r.reasoningTokens,
    cacheHit: r.cacheHit,
  };
}

export type ItemRow = ReturnType<typeof itemRow>;

export const ITEM_COLUMNS = Object.keys(
  itemRow({ runId: "", example: { id: "", exampleId: "", position: 0 }, result: { ok: false, error: "" }, latencyMs: 0 }, "", new Date(0)),
) as (keyof ItemRow)[];

/** Columns a repeated write replaces: everything for a finished item; a failure keeps the rest. */
export const DONE_UPDATE_COLUMNS = ITEM_COLUMNS.filter((c) => !["id", "runId", "exampleRowId", "exampleId", "position", "attempts"].includes(c));
export const FAILED_UPDATE_COLUMNS: (keyof ItemRow)[] = ["status", "error", "latencyMs", "finishedAt"];

/**
 * The idempotent item write, the same SQL on SQLite and PostgreSQL but for the parameter style
 * (`placeholder(column, index)`): insert, or on the (run, example) key replace `updateColumns` and
 * count one more attempt.
 */
export function itemUpsertSql(updateColumns: readonly string[], placeholder: (column: string, index: number) => string): string {
  const columns = ITEM_COLUMNS.map((c) => `"${c}"`).join(", ");
  const values = ITEM_COLUMNS.map(placeholder).join(", ");
  const sets = [...updateColumns.map((c) => `"${c}" = excluded."${c}"`), `"attempts" = "RunItem"."attempts" + 1`].join(", ");
  return `INSERT INTO "RunItem" (${columns}) VALUES (${values}) ON CONFLICT ("runId", "exampleRowId") DO UPDATE SET ${sets}`;
}

/**
 * A store writes a batch of items in ONE transaction, after locking the runs it touches, and
 * returns each item's outcome in order. Nothing of a batch is visible (or reported) before commit.
 */
export interface RunItemStore {
  writeBatch(writes: readonly ItemWrite[]): Promise<ItemOutcome[]>;
  /** Sets the run's heartbeat (server/runs/runHeartbeat.ts), one statement on this connection. */
  heartbeat(runId: string, at: Date): Promise<void>;
  close(): Promise<void>;
}
