/**
 * An experiment's headline metric as a chart: with a numeric factor (e.g. retrieve.k) one line per
 * combination of the other factors, the metric against that factor with its 95% interval as a band;
 * without one, one bar per cell with its interval. Pooled cells (repetitions averaged) of the first
 * dataset.
 */

type Value = string | number | boolean;
type Interval = { estimate: number; lower: number; upper: number } | null;
export type PooledCellLike = { datasetId: string; values: Record<string, Value>; label: string; metric: Interval; aggregates?: Record<string, number | null> };
type FactorLike = { kind: string; node?: string; param?: string; values: readonly Value[] };

export type ExperimentLineChart = {
  kind: "lines";
  xFactor: string;
  /** `key` names the row fields (plain, so charts never read them as paths); `name` is shown. */
  series: Array<{ key: string; name: string }>;
  /** One row per x value: `x`, `${key}` = estimate, `${key}Band` = [lower, upper]. */
  rows: Array<Record<string, number | [number, number] | null>>;
};
export type ExperimentBarChart = { kind: "bars"; rows: Array<{ label: string; estimate: number | null; error: [number, number] | null }> };

function factorKey(f: FactorLike): string {
  if (f.kind === "param") return `${f.node}.${f.param}`;
  return f.kind === "endpoint" ? "model" : f.kind === "ablation" ? "ablation" : "profile";
}

/**
 * `measure`: "metric" (the headline metric, with its interval) or the key of a failure-mode
 * aggregate in the cells' `aggregates` (a value per run: no interval).
 */
export function prepareExperimentChart(factors: readonly FactorLike[], pooled: readonly PooledCellLike[], measure = "metric"): ExperimentLineChart | ExperimentBarChart {
  const first = pooled[0]?.datasetId;
  const cells = pooled
    .filter((c) => c.datasetId === first)
    .map((c): PooledCellLike => {
      if (measure === "metric") return c;
      const value = c.aggregates?.[measure] ?? null;
      return { ...c, metric: value === null ? null : { estimate: value, lower: value, upper: value } };
    });
  const banded = measure === "metric";
  const numeric = factors.find((f) => f.kind === "param" && f.values.length > 1 && f.values.every((v) => typeof v === "number"));
  if (!numeric) {
    return {
      kind: "bars",
      rows: cells.map((c) => ({
        label: c.label,
        estimate: c.metric?.estimate ?? null,
        error: c.metric && banded ? [c.metric.estimate - c.metric.lower, c.metric.upper - c.metric.estimate] : null,
      })),
    };
  }
  const x = factorKey(numeric);
  const seriesOf = (c: PooledCellLike) =>
    Object.entries(c.values)
      .filter(([k]) => k !== x)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" · ") || "all";
  const names = [...new Set(cells.map(seriesOf))];
  const series = names.map((name, i) => ({ key: `s${i}`, name }));
  const rows = (numeric.values as number[]).map((value) => {
    const row: Record<string, number | [number, number] | null> = { x: value };
    for (const s of series) {
      const cell = cells.find((c) => c.values[x] === value && seriesOf(c) === s.name);
      row[s.key] = cell?.metric?.estimate ?? null;
      row[`${s.key}Band`] = cell?.metric && banded ? [cell.metric.lower, cell.metric.upper] : null;
    }
    return row;
  });
  return { kind: "lines", xFactor: x, series, rows };
}

type ContrastLike = { factor: string; datasetId: string; fixed: string; value: Value; reference: Value; difference: { estimate: number; lower: number; upper: number } };

/**
 * The paired differences of a categorical factor's values against its first value (e.g. each
 * ablation against the full pipeline), one bar per contrast with its interval; null when the design
 * has no categorical factor with contrasts.
 */
export function prepareContrastBars(factors: readonly FactorLike[], contrasts: readonly ContrastLike[]): { factor: string; reference: string; rows: ExperimentBarChart["rows"] } | null {
  const categorical = factors.find((f) => f.values.length > 1 && !f.values.every((v) => typeof v === "number"));
  if (!categorical) return null;
  const factor = factorKey(categorical);
  const first = contrasts.find((c) => c.factor === factor)?.datasetId;
  const rows = contrasts
    .filter((c) => c.factor === factor && c.datasetId === first)
    .map((c) => ({
      label: `${String(c.value)}${c.fixed ? ` (${c.fixed})` : ""}`,
      estimate: c.difference.estimate,
      error: [c.difference.estimate - c.difference.lower, c.difference.upper - c.difference.estimate] as [number, number],
    }));
  return rows.length === 0 ? null : { factor, reference: String(categorical.values[0]), rows };
}
