import { officialMetricLabel, officialMetricLowerIsBetter, orderOfficialMetricKeys } from "@/server/metrics/metricCatalog";

/** Side by side rows for two or more runs: official metrics then failure-mode aggregates. */

export type ComparableRun = {
  id: string;
  official: Record<string, number> | null;
  failureValues: Record<string, number | null> | null;
};

export type ComparisonRow = {
  group: "official" | "failure";
  key: string;
  label: string;
  values: (number | null)[];
  /** Last run minus first run, when both have a value. */
  delta: number | null;
  lowerIsBetter: boolean;
};

export function prepareRunComparison(
  runs: readonly ComparableRun[],
  failureInfo: Readonly<Record<string, { title: string; direction: string }>> = {},
): ComparisonRow[] {
  const officialKeys = orderOfficialMetricKeys(runs.flatMap((r) => Object.keys(r.official ?? {})));
  const failureKeys = [...new Set(runs.flatMap((r) => Object.keys(r.failureValues ?? {})))];
  const row = (group: ComparisonRow["group"], key: string, label: string, values: (number | null)[], lowerIsBetter: boolean): ComparisonRow => {
    const first = values[0] ?? null;
    const last = values.length > 1 ? (values[values.length - 1] ?? null) : null;
    return { group, key, label, values, delta: first !== null && last !== null ? last - first : null, lowerIsBetter };
  };
  return [
    ...officialKeys.map((k) => row("official", k, officialMetricLabel(k), runs.map((r) => r.official?.[k] ?? null), officialMetricLowerIsBetter(k))),
    ...failureKeys.map((k) => row("failure", k, failureInfo[k]?.title ?? k, runs.map((r) => r.failureValues?.[k] ?? null), failureInfo[k]?.direction === "higher_is_worse")),
  ];
}
