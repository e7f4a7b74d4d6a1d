/** Progress of a run from its stored counts, overtaken by live event counts when those are newer. */

export type StoredCounts = { totalItems: number; doneItems: number; failedItems: number };
export type LiveCounts = { total: number; done: number; failed: number; etaMs: number | null; inFlight: number };

export type RunProgressView = {
  total: number;
  done: number;
  failed: number;
  finished: number;
  /** finished / total in [0, 1]; 0 for an empty run. */
  fraction: number;
  label: string;
  etaMs: number | null;
  inFlight: number;
};

export function prepareRunProgress(stored: StoredCounts, live?: LiveCounts | null): RunProgressView {
  const storedFinished = stored.doneItems + stored.failedItems;
  const useLive = live != null && live.done + live.failed >= storedFinished;
  const total = useLive ? live.total : stored.totalItems;
  const done = useLive ? live.done : stored.doneItems;
  const failed = useLive ? live.failed : stored.failedItems;
  const finished = done + failed;
  const fraction = total > 0 ? Math.min(1, finished / total) : 0;
  return {
    total,
    done,
    failed,
    finished,
    fraction,
    label: `${finished} / ${total}${failed > 0 ? ` (${failed} failed)` : ""}`,
    etaMs: useLive ? live.etaMs : null,
    inFlight: useLive ? live.inFlight : 0,
  };
}
