import type { Db } from "../db/client";
import type { RunExample } from "./runExamples";
import type { RunItemRecord } from "./runItemRecord";
import type { FailureSignals } from "../metrics/failureModes/itemSignals";
import { loadSummaryItems, summarizeItems, type RunSummary, type SummaryItem } from "./summarizeRun";

/**
 * A running run's summary, kept up to date item by item: the stored items are read once when the
 * execution starts, then each finished item is added as it is written, so a refresh reads nothing
 * from the database and re-scores no text (summarizeItems' "item-metrics" path). The final summary
 * is still computed from the stored items by the official evaluation (summarizeRun).
 */
export class LiveRunSummary {
  /** By Example row id. */
  private readonly done = new Map<string, SummaryItem>();

  private constructor(private readonly task: string) {}

  static async load(db: Db, runId: string): Promise<LiveRunSummary> {
    const stored = await loadSummaryItems(db, runId);
    const live = new LiveRunSummary(stored.task);
    for (const item of stored.done) live.done.set(item.exampleRowId, item);
    return live;
  }

  /** Adds a finished item from the values the nodes computed (nothing is parsed back from its JSON). */
  itemDone(example: RunExample, record: RunItemRecord): void {
    this.done.set(example.id, {
      exampleRowId: example.id,
      position: example.position,
      exampleId: example.exampleId,
      gold: example.gold,
      answer: record.answer,
      rawAnswer: record.rawAnswer,
      metrics: record.metrics,
      // The score node's computeFailureSignals output ({} when the pipeline computed none).
      signals: Object.keys(record.signals).length === 0 ? null : (record.signals as FailureSignals),
    });
  }

  /** The summary now; `failedItems` is the run's failed counter. */
  summary(failedItems: number): RunSummary {
    return summarizeItems(this.task, [...this.done.values()], failedItems, "item-metrics");
  }
}
