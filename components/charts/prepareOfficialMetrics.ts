/** Official LaMP metrics (keys as eval/evaluation.py writes them) for tables and the raw-vs-extracted chart. */
import { headlineMetricOf, officialMetricLabel, officialMetricLowerIsBetter, orderOfficialMetricKeys } from "@/server/metrics/metricCatalog";

export type MainMetric = { key: string; label: string; value: number; lowerIsBetter: boolean };

/** The task's headline metric from the catalog; for an unknown task (or one missing it) the first metric in catalog order. */
export function mainOfficialMetric(task: string, official: Record<string, number> | null | undefined): MainMetric | null {
  if (!official) return null;
  const headline = headlineMetricOf(task);
  const key = headline !== null && headline in official ? headline : orderOfficialMetricKeys(Object.keys(official))[0];
  if (key === undefined || typeof official[key] !== "number") return null;
  return { key, label: officialMetricLabel(key), value: official[key]!, lowerIsBetter: officialMetricLowerIsBetter(key) };
}

export type OfficialMetricRow = {
  key: string;
  label: string;
  extracted: number | null;
  raw: number | null;
  /** extracted - raw: what answer extraction bought (negative is good for error metrics). */
  delta: number | null;
  lowerIsBetter: boolean;
};

export function prepareOfficialComparison(
  official: Record<string, number> | null | undefined,
  officialRaw: Record<string, number> | null | undefined,
): OfficialMetricRow[] {
  const keys = orderOfficialMetricKeys([...Object.keys(official ?? {}), ...Object.keys(officialRaw ?? {})]);
  return keys.map((key) => {
    const extracted = official?.[key] ?? null;
    const raw = officialRaw?.[key] ?? null;
    return {
      key,
      label: officialMetricLabel(key),
      extracted,
      raw,
      delta: extracted !== null && raw !== null ? extracted - raw : null,
      lowerIsBetter: officialMetricLowerIsBetter(key),
    };
  });
}
