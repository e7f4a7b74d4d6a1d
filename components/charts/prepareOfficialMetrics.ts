/** Official LaMP metrics (keys as eval/evaluation.py writes them) for tables and the raw-vs-extracted chart. */

const METRIC_LABELS: Record<string, string> = {
  accuracy: "Accuracy",
  f1: "Macro F1",
  MAE: "MAE",
  RMSE: "RMSE",
  "rouge-1": "ROUGE-1",
  "rouge-L": "ROUGE-L",
};

const METRIC_ORDER = ["accuracy", "f1", "MAE", "RMSE", "rouge-1", "rouge-L"];
const LOWER_IS_BETTER = new Set(["MAE", "RMSE"]);

export function officialMetricLabel(key: string): string {
  return METRIC_LABELS[key] ?? key;
}

export function isLowerBetter(key: string): boolean {
  return LOWER_IS_BETTER.has(key);
}

function orderedKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => {
    const ia = METRIC_ORDER.indexOf(a);
    const ib = METRIC_ORDER.indexOf(b);
    return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
  });
}

export type MainMetric = { key: string; label: string; value: number; lowerIsBetter: boolean };

/** The headline metric of a task: accuracy (LaMP-1/2), MAE (LaMP-3), ROUGE-1 (LaMP-4..7). */
export function mainOfficialMetric(task: string, official: Record<string, number> | null | undefined): MainMetric | null {
  if (!official) return null;
  const preferred = /^LaMP-[12]N?$/.test(task) ? "accuracy" : task === "LaMP-3" ? "MAE" : "rouge-1";
  const key = preferred in official ? preferred : orderedKeys(Object.keys(official))[0];
  if (key === undefined || typeof official[key] !== "number") return null;
  return { key, label: officialMetricLabel(key), value: official[key]!, lowerIsBetter: isLowerBetter(key) };
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
  const keys = orderedKeys([...Object.keys(official ?? {}), ...Object.keys(officialRaw ?? {})]);
  return keys.map((key) => {
    const extracted = official?.[key] ?? null;
    const raw = officialRaw?.[key] ?? null;
    return {
      key,
      label: officialMetricLabel(key),
      extracted,
      raw,
      delta: extracted !== null && raw !== null ? extracted - raw : null,
      lowerIsBetter: isLowerBetter(key),
    };
  });
}
