import { describe, expect, it } from "vitest";
import { parseStoredItemMetrics, StoredItemMetricsError } from "@/server/metrics/storedItemMetrics";

describe("parseStoredItemMetrics", () => {
  it("keeps the finite numbers, raw variants included, and leaves out anything else", () => {
    expect(parseStoredItemMetrics('{"absoluteError":2,"raw.absoluteError":4,"note":"x","gone":null,"nested":{"a":1}}')).toEqual({
      absoluteError: 2,
      "raw.absoluteError": 4,
    });
    expect(parseStoredItemMetrics("{}")).toEqual({});
  });

  it("refuses JSON that is not an object, naming the item", () => {
    expect(() => parseStoredItemMetrics("[1,2]", "run item 310")).toThrow(StoredItemMetricsError);
    expect(() => parseStoredItemMetrics("null", "run item 310")).toThrow(/run item 310/);
    expect(() => parseStoredItemMetrics("3")).toThrow(/not a JSON object/);
  });
});
