/** Number formatting shared by tables, tiles and chart tooltips. Null means "not defined for this run". */
import { itemMetricInfo, officialMetricInfo, type MetricFormat } from "@/server/metrics/metricCatalog";

export const EMPTY_VALUE = "–";

export function formatMetric(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? EMPTY_VALUE : value.toFixed(digits);
}

/** Small values keep their significant digits down to this many decimals. */
const MAX_DECIMALS = 6;

/** A value in the display format the metric catalog gives it. */
export function formatInMetricFormat(value: number | null | undefined, format: MetricFormat): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  if (format.kind === "decimals") return value.toFixed(format.digits);
  const rounded = Number(value.toPrecision(format.digits));
  const magnitude = rounded === 0 ? 0 : Math.floor(Math.log10(Math.abs(rounded)));
  return value.toFixed(Math.min(MAX_DECIMALS, Math.max(0, format.digits - 1 - magnitude)));
}

/** An official LaMP metric ("MAE", "rouge-1") in its catalog format; unknown keys as formatMetric does. */
export function formatOfficialMetric(key: string, value: number | null | undefined): string {
  const info = officialMetricInfo(key);
  return info ? formatInMetricFormat(value, info.format) : formatMetric(value);
}

/** A stored per-example value ("absoluteError", "raw.rouge1") in its catalog format. */
export function formatItemMetric(key: string, value: number | null | undefined): string {
  const info = itemMetricInfo(key);
  return info ? formatInMetricFormat(value, info.format) : formatMetric(value, 3);
}

export function formatPercent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? EMPTY_VALUE : `${(share * 100).toFixed(digits)}%`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** Formats a value by the unit its definition declares ("share 0-1", "tokens", "per 100 tokens", "count"). */
export function formatByUnit(value: number | null | undefined, unit: string): string {
  if (unit.startsWith("share")) return formatPercent(value);
  if (unit === "tokens") return formatCount(value === null || value === undefined ? value : Math.round(value * 10) / 10);
  if (unit === "per 100 tokens") return formatMetric(value, 2);
  if (unit === "count") return formatMetric(value, 2);
  return formatMetric(value, 3);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return EMPTY_VALUE;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
