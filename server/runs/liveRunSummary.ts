import type { Db } from "../db/client";
import type { RunExample } from "./runExamples";
import type { RunItemRecord } from "./runItemRecord";
import { loadSummaryItems, summarizeItems, summaryItemOf, type RunSummary, type SummaryItem } from "./summarizeRun";

/**
 * A running run's summary, kept up to date item by item: the stored items are read once when the
 * execution starts, then each finished item is added as it is written, so a refresh reads nothing
 * from the database and re-scores no text (summarizeItems' "item-metrics" path). The final summary
 * is still computed from the stored items by the official evaluation (summarizeRun).
 */
export class LiveRunSummary {
  /** By Example row id. */
  private readonly done = new Map<string, SummaryItem>();

  private constructor(
    private readonly runId: string,
    private readonly task: string,
  ) {}

  static async load(db: Db, runId: string): Promise<LiveRunSummary> {
    const stored = await loadSummaryItems(db, runId);
    const live = new LiveRunSummary(runId, stored.task);
    for (const item of stored.done) live.done.set(item.exampleRowId, item);
    return live;
  }

  itemDone(example: RunExample, record: RunItemRecord): void {
    this.done.set(example.id, summaryItemOf({ exampleRowId: example.id, position: example.position, exampleId: example.exampleId, ...record }, example.gold, this.runId));
  }

  /** The summary now; `failedItems` is the run's failed counter. */
  summary(failedItems: number): RunSummary {
    return summarizeItems(this.task, [...this.done.values()], failedItems, "item-metrics");
  }
}
