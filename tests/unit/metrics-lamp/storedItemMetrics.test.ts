import { describe, expect, it } from "vitest";
import { parseStoredItemMetrics } from "@/server/metrics/storedItemMetrics";
import { StoredJsonError } from "@/server/safeJson";

describe("parseStoredItemMetrics", () => {
  it("keeps the finite numbers, raw variants included, and leaves out anything else", () => {
    expect(parseStoredItemMetrics('{"absoluteError":2,"raw.absoluteError":4,"note":"x","gone":null,"nested":{"a":1}}', "RunItem r/1.metricsJson")).toEqual({
      absoluteError: 2,
      "raw.absoluteError": 4,
    });
    expect(parseStoredItemMetrics("{}", "RunItem r/1.metricsJson")).toEqual({});
  });

  it("refuses JSON that is not an object, naming the item and the column", () => {
    expect(() => parseStoredItemMetrics("[1,2]", "RunItem r/310.metricsJson")).toThrow(StoredJsonError);
    expect(() => parseStoredItemMetrics("null", "RunItem r/310.metricsJson")).toThrow(/^RunItem r\/310\.metricsJson: expected a JSON object$/);
    expect(() => parseStoredItemMetrics("{not json", "RunItem r/310.metricsJson")).toThrow(/^RunItem r\/310\.metricsJson: not valid JSON/);
  });
});
