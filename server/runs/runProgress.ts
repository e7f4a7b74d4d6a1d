import type { RunCounts, RunProgress } from "./runEvents";

/**
 * The one place progress and ETA are computed, for in-process runs (executeRun) and for runs on
 * workers (the Redis event relay): items in flight, time since this session started, and an ETA
 * from the mean pace of the items this session finished.
 */
export class RunProgressClock {
  private readonly since = performance.now();
  private finishedThisSession = 0;
  private readonly inFlight = new Set<string>();

  constructor(readonly runId: string) {}

  itemStarted(exampleId: string): void {
    this.inFlight.add(exampleId);
  }

  /** Left without a result (cancelled, or handed back to the queue). */
  itemReleased(exampleId: string): void {
    this.inFlight.delete(exampleId);
  }

  itemFinished(exampleId: string): void {
    this.inFlight.delete(exampleId);
    this.finishedThisSession++;
  }

  progress(counts: RunCounts): RunProgress {
    const elapsedMs = Math.round(performance.now() - this.since);
    const left = counts.total - counts.done - counts.failed;
    return {
      runId: this.runId,
      ...counts,
      inFlight: this.inFlight.size,
      elapsedMs,
      etaMs: this.finishedThisSession > 0 ? Math.round((elapsedMs / this.finishedThisSession) * left) : null,
    };
  }
}
