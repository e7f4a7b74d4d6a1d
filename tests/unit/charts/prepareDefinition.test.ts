import { describe, expect, it } from "vitest";
import { splitDefinition } from "@/components/charts/prepareDefinition";

describe("splitDefinition", () => {
  it("keeps a short definition whole", () => {
    expect(splitDefinition("The mean of the items' hesitation rates.")).toEqual({ lead: "The mean of the items' hesitation rates.", rest: "" });
  });

  it("leads with the first sentence and keeps the rest, not splitting at 'e.g.'", () => {
    const text =
      "The per-item task metric (e.g. accuracy, absolute error, ROUGE) averaged within buckets of reasoning length. Items are sorted by reasoning tokens and cut into 4 groups. A metric that falls as reasoning grows is the signature of divergent thinking.";
    const { lead, rest } = splitDefinition(text, 150);
    expect(lead).toBe("The per-item task metric (e.g. accuracy, absolute error, ROUGE) averaged within buckets of reasoning length.");
    expect(rest).toBe("Items are sorted by reasoning tokens and cut into 4 groups. A metric that falls as reasoning grows is the signature of divergent thinking.");
  });

  it("cuts a long first sentence at a word boundary", () => {
    const text = `${"word ".repeat(60)}end.`;
    const { lead, rest } = splitDefinition(text, 50);
    expect(lead.endsWith("…")).toBe(true);
    expect(lead.length).toBeLessThanOrEqual(51);
    expect(`${lead.slice(0, -1)} ${rest.slice(1)}`).toBe(text.trim().replace(/\s+/g, " "));
  });
});
