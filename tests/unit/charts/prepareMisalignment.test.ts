import { describe, expect, it } from "vitest";
import { misalignmentLabel, prepareMisalignmentByKind } from "@/components/charts/prepareMisalignment";

describe("prepareMisalignmentByKind", () => {
  it("keeps every kind in order with raw and extracted rates side by side", () => {
    const raw = [
      { kind: "empty", count: 0, rate: 0 },
      { kind: "preamble", count: 3, rate: 0.3 },
      { kind: "extra_text", count: 1, rate: 0.1 },
    ];
    const extracted = [
      { kind: "empty", count: 0, rate: 0 },
      { kind: "preamble", count: 0, rate: 0 },
      { kind: "extra_text", count: 1, rate: 0.125 },
    ];
    const out = prepareMisalignmentByKind(raw, extracted);
    expect(out.rows).toEqual([
      { kind: "empty", label: "Empty", rawRate: 0, extractedRate: 0, rawCount: 0, extractedCount: 0 },
      { kind: "preamble", label: "Preamble", rawRate: 0.3, extractedRate: 0, rawCount: 3, extractedCount: 0 },
      { kind: "extra_text", label: "Extra text", rawRate: 0.1, extractedRate: 0.125, rawCount: 1, extractedCount: 1 },
    ]);
    expect(out.anyInvalid).toBe(true);
  });

  it("treats a null rate as 0 for raw and leaves extracted null without extraction", () => {
    const out = prepareMisalignmentByKind([{ kind: "empty", count: 0, rate: null }], null);
    expect(out.rows).toEqual([{ kind: "empty", label: "Empty", rawRate: 0, extractedRate: null, rawCount: 0, extractedCount: null }]);
    expect(out.anyInvalid).toBe(false);
  });

  it("labels kinds for people", () => {
    expect(misalignmentLabel("outside_label_set")).toBe("Outside label set");
    expect(misalignmentLabel("none")).toBe("Valid");
    expect(misalignmentLabel(null)).toBe("–");
  });
});
