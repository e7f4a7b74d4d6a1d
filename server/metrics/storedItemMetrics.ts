/**
 * Reads a run item's stored metric values (RunItem.metricsJson: the score node's per-example values
 * and their "raw." variants). Only finite numbers are metric values; anything else a file or an
 * imported bundle put there is left out. JSON that is not an object is an error.
 */
export class StoredItemMetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoredItemMetricsError";
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseStoredItemMetrics(json: string, where = "a run item"): Record<string, number> {
  const value: unknown = JSON.parse(json);
  if (!isJsonObject(value)) throw new StoredItemMetricsError(`The stored metrics of ${where} are not a JSON object: ${json.slice(0, 80)}`);
  const metrics: Record<string, number> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === "number" && Number.isFinite(v)) metrics[key] = v;
  return metrics;
}
