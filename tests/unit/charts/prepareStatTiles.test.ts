import { describe, expect, it } from "vitest";
import { definitionText, prepareStatTiles } from "@/components/charts/prepareStatTiles";
import { formatByUnit, formatCount, formatDuration, formatMetric, formatPercent } from "@/components/charts/formatValue";

const definitions = [
  { key: "invalidRawRate", title: "Invalid raw answers", definition: "Share of items…", unit: "share 0-1", directionLabel: "Higher is worse" },
  { key: "medianReasoningTokens", title: "Median reasoning tokens", definition: "The median…", unit: "tokens", directionLabel: "Higher is worse" },
];

describe("prepareStatTiles", () => {
  it("formats each value by its definition's unit and carries the definition text", () => {
    const tiles = prepareStatTiles(["invalidRawRate", "medianReasoningTokens", "unknownKey"], { invalidRawRate: 0.125, medianReasoningTokens: 1234.5, unknownKey: null }, { invalidRawRate: 8, medianReasoningTokens: 8 }, definitions);
    expect(tiles[0]).toEqual({
      key: "invalidRawRate",
      title: "Invalid raw answers",
      display: "12.5%",
      value: 0.125,
      support: 8,
      definition: "Share of items…",
      directionLabel: "Higher is worse",
    });
    expect(tiles[1]!.display).toBe("1,234.5");
    expect(tiles[2]).toMatchObject({ title: "unknownKey", display: "–", support: null, definition: "" });
  });

  it("finds a definition by key", () => {
    expect(definitionText(definitions, "invalidRawRate")).toBe("Share of items…");
    expect(definitionText(undefined, "x")).toBe("");
  });
});

describe("formatValue", () => {
  it("formats metrics, shares, counts and durations, with a dash for undefined values", () => {
    expect(formatMetric(0.123456)).toBe("0.1235");
    expect(formatMetric(null)).toBe("–");
    expect(formatPercent(0.5)).toBe("50.0%");
    expect(formatCount(12345)).toBe("12,345");
    expect(formatByUnit(1.234, "per 100 tokens")).toBe("1.23");
    expect(formatByUnit(0.5, "count")).toBe("0.50");
    expect(formatDuration(65_000)).toBe("1 min 5 s");
    expect(formatDuration(3_720_000)).toBe("1 h 2 min");
    expect(formatDuration(null)).toBe("–");
  });
});
