import { describe, expect, it } from "vitest";
import { failureModeDefinitions } from "../../../server/metrics/failureModes/definitions";
import { failureSignalsSchema } from "../../../server/metrics/failureModes/itemSignals";
import { RUN_AGGREGATE_KEYS } from "../../../server/metrics/failureModes/runAggregates";

describe("failureModeDefinitions", () => {
  const definitions = failureModeDefinitions();
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));

  it("defines every per-item signal and every run aggregate, once", () => {
    expect(byKey.size).toBe(definitions.length);
    for (const key of Object.keys(failureSignalsSchema.shape)) expect(byKey.get(key)?.level, key).toBe("item");
    for (const key of RUN_AGGREGATE_KEYS) expect(byKey.get(key)?.level, key).toBe("run");
    for (const key of ["rawMisalignmentByKind", "metricByReasoningLength"]) expect(byKey.get(key)?.level, key).toBe("run");
    for (const key of ["retrievalGain", "profileSensitivity"]) expect(byKey.get(key)?.level, key).toBe("paired");
  });

  it("gives each a failure mode, a title, a paragraph and a direction label", () => {
    for (const definition of definitions) {
      expect(["divergence", "format", "retrieval"]).toContain(definition.failureMode);
      expect(definition.title.length).toBeGreaterThan(3);
      expect(definition.definition.length).toBeGreaterThan(40);
      expect(definition.directionLabel).toMatch(/better|worse/u);
    }
    expect(byKey.get("hesitationRate")?.direction).toBe("higher_is_worse");
    expect(byKey.get("itemCoverage")?.direction).toBe("higher_is_better");
  });

  it("renders the thresholds in force", () => {
    expect(byKey.get("itemCoverage")?.definition).toContain("at least 20% of its distinctive words");
    const custom = new Map(
      failureModeDefinitions({ itemUseMinOverlap: 0.35, hesitationMarkers: ["uhh"], manySwitchesThreshold: 3, lengthBucketing: { kind: "fixed", upperEdges: [500, 1000] } })
        .map((definition) => [definition.key, definition.definition]),
    );
    expect(custom.get("itemCoverage")).toContain("at least 35% of its distinctive words");
    expect(custom.get("hesitationMarkers")).toContain('"uhh"');
    expect(custom.get("hesitationMarkers")).not.toContain('"hmm"');
    expect(custom.get("manySwitchesShare")).toContain("at least 3 times");
    expect(custom.get("metricByReasoningLength")).toContain("upper edges 500, 1000");
  });

  it("states the misalignment precedence", () => {
    expect(byKey.get("misalignmentKind")?.definition).toContain(
      "empty > reasoning_leak > preamble > multi_line > extra_text > outside_label_set > length_off > none",
    );
  });
});
