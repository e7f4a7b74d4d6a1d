import { jsonObjectSchema, parseJsonAs } from "../safeJson";

/**
 * Metric values as stored (a run item's RunItem.metricsJson: the score node's per-example values and
 * their "raw." variants; a summary's official metrics). Only finite numbers are metric values;
 * anything else a file or an imported bundle put there is left out. A value that is not a JSON
 * object is an error.
 */
export const metricValuesSchema = jsonObjectSchema.transform((value) => {
  const metrics: Record<string, number> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === "number" && Number.isFinite(v)) metrics[key] = v;
  return metrics;
});

/** Reads RunItem.metricsJson; `where` names the row and column in the error (a StoredJsonError). */
export function parseStoredItemMetrics(json: string, where: string): Record<string, number> {
  return parseJsonAs(json, metricValuesSchema, where);
}
