/** Histogram of per-item shares in [0, 1] (item coverage, answer grounding). */

export type HistogramRow = { label: string; from: number; to: number; count: number };

export function prepareShareHistogram(
  values: readonly (number | null | undefined)[],
  binCount = 10,
): { rows: HistogramRow[]; counted: number; missing: number } {
  const bins = Math.max(1, Math.floor(binCount));
  const rows: HistogramRow[] = Array.from({ length: bins }, (_, i) => {
    const from = i / bins;
    const to = (i + 1) / bins;
    return { label: `${Math.round(from * 100)}–${Math.round(to * 100)}%`, from, to, count: 0 };
  });
  let counted = 0;
  let missing = 0;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      missing++;
      continue;
    }
    const clamped = Math.min(1, Math.max(0, v));
    // Bins are [from, to); the last one also takes exactly 1.
    const index = Math.min(bins - 1, Math.floor(clamped * bins + 1e-9));
    rows[index]!.count++;
    counted++;
  }
  return { rows, counted, missing };
}
