import { describe, expect, it } from "vitest";
import { failureSignalsSchema, type FailureSignals } from "../../../server/metrics/failureModes/itemSignals";
import { aggregateFailureSignals, RUN_AGGREGATE_KEYS, type RunItemSignals } from "../../../server/metrics/failureModes/runAggregates";

function signals(overrides: Partial<FailureSignals>): FailureSignals {
  // The fields added later (interventions, SRM, thought measures) take the schema's defaults.
  return failureSignalsSchema.parse({
    reasoningTokens: 0,
    reasoningTokenSource: "tokenizer",
    visibleReasoningTokens: 0,
    hesitationMarkers: null,
    hesitationRate: null,
    candidateSwitches: null,
    distinctCandidates: null,
    stageAdherence: null,
    offTrackRatio: null,
    rawValid: true,
    misalignmentKind: "none",
    extractedValid: null,
    extractedMisalignmentKind: null,
    recovered: null,
    retrievedItemCount: 0,
    itemCoverage: null,
    usedItemIds: [],
    answerGrounding: null,
    profileMentions: null,
    ...overrides,
  });
}

// Five items; each column below is worked out by hand in the tests.
const run: RunItemSignals[] = [
  { exampleId: "e1", metrics: { accuracy: 1 }, signals: signals({ reasoningTokens: 100, hesitationRate: 1, candidateSwitches: 0, stageAdherence: 1, offTrackRatio: 0, rawValid: true, misalignmentKind: "none", extractedValid: true, extractedMisalignmentKind: "none", recovered: false, itemCoverage: 1, profileMentions: 2 }) },
  { exampleId: "e2", metrics: { accuracy: 1 }, signals: signals({ reasoningTokens: 200, hesitationRate: 2, candidateSwitches: 2, stageAdherence: 0.5, offTrackRatio: 0.5, rawValid: false, misalignmentKind: "preamble", extractedValid: true, extractedMisalignmentKind: "none", recovered: true, itemCoverage: 0.5, profileMentions: 0 }) },
  { exampleId: "e3", metrics: { accuracy: 0 }, signals: signals({ reasoningTokens: 300, hesitationRate: null, candidateSwitches: 3, offTrackRatio: 1, rawValid: false, misalignmentKind: "extra_text", extractedValid: false, extractedMisalignmentKind: "outside_label_set", recovered: false, itemCoverage: 0, profileMentions: 1 }) },
  { exampleId: "e4", metrics: { accuracy: 0 }, signals: signals({ reasoningTokens: 400, hesitationRate: 3, candidateSwitches: null, rawValid: false, misalignmentKind: "preamble", extractedValid: true, extractedMisalignmentKind: "none", recovered: true, profileMentions: 4 }) },
  { exampleId: "e5", metrics: { accuracy: 0 }, signals: signals({ reasoningTokens: 1000, hesitationRate: 6, candidateSwitches: 1, offTrackRatio: 0.5, rawValid: true, misalignmentKind: "none", itemCoverage: 0.5 }) },
];

describe("aggregateFailureSignals: divergence", () => {
  const aggregates = aggregateFailureSignals(run);

  it("summarises reasoning length with the median and the 90th percentile", () => {
    // Sorted tokens 100, 200, 300, 400, 1000. Median = 300.
    // p90: position (5 - 1) * 0.9 = 3.6 -> 400 + 0.6 * (1000 - 400) = 760.
    expect(aggregates.values.medianReasoningTokens).toBe(300);
    expect(aggregates.values.p90ReasoningTokens).toBeCloseTo(760, 9);
    expect(aggregates.support.p90ReasoningTokens).toBe(5);
  });

  it("averages hesitation and stage adherence over the items that define them", () => {
    // Hesitation 1, 2, 3, 6 (e3 has none): 12 / 4 = 3. Stage adherence 1 and 0.5: 0.75.
    expect(aggregates.values.meanHesitationRate).toBe(3);
    expect(aggregates.support.meanHesitationRate).toBe(4);
    expect(aggregates.values.meanStageAdherence).toBe(0.75);
    // Off-track 0, 0.5, 1, 0.5: 0.5.
    expect(aggregates.values.meanOffTrackRatio).toBe(0.5);
  });

  it("counts the share of items with at least two switches", () => {
    // Switches 0, 2, 3, 1 (e4 undefined): 2 of 4 reach 2.
    expect(aggregates.values.manySwitchesShare).toBe(0.5);
    // With a threshold of 3 only e3 does: 1 of 4.
    expect(aggregateFailureSignals(run, { manySwitchesThreshold: 3 }).values.manySwitchesShare).toBe(0.25);
  });
});

describe("aggregateFailureSignals: format", () => {
  const aggregates = aggregateFailureSignals(run);

  it("rates invalid raw answers overall and by kind", () => {
    // e2, e3, e4 invalid: 3 / 5. Preamble twice (0.4), extra_text once (0.2).
    expect(aggregates.values.invalidRawRate).toBeCloseTo(0.6, 12);
    const byKind = Object.fromEntries(aggregates.rawMisalignmentByKind.map((row) => [row.kind, row.rate]));
    expect(byKind).toEqual({ empty: 0, reasoning_leak: 0, preamble: 0.4, multi_line: 0, extra_text: 0.2, outside_label_set: 0, length_off: 0 });
    expect(aggregates.rawMisalignmentByKind.map((row) => row.kind)).toEqual(["empty", "reasoning_leak", "preamble", "multi_line", "extra_text", "outside_label_set", "length_off"]);
  });

  it("rates recovery over the invalid raw answers that went through extraction", () => {
    // Invalid raw: e2 (recovered), e3 (not), e4 (recovered): 2 / 3.
    expect(aggregates.values.recoveryRate).toBeCloseTo(2 / 3, 12);
    expect(aggregates.support.recoveryRate).toBe(3);
    // Extracted answers exist for e1..e4; only e3's is invalid: 1 / 4.
    expect(aggregates.values.invalidExtractedRate).toBe(0.25);
    const extracted = aggregates.extractedMisalignmentByKind.find((row) => row.kind === "outside_label_set");
    expect(extracted).toEqual({ kind: "outside_label_set", count: 1, rate: 0.25 });
  });
});

describe("aggregateFailureSignals: retrieval", () => {
  const aggregates = aggregateFailureSignals(run);

  it("averages coverage and mentions, and leaves grounding empty when no item defines it", () => {
    // Coverage 1, 0.5, 0, 0.5: 0.5. Mentions 2, 0, 1, 4: 7 / 4 = 1.75.
    expect(aggregates.values.meanItemCoverage).toBe(0.5);
    expect(aggregates.values.meanProfileMentions).toBe(1.75);
    expect(aggregates.values.meanAnswerGrounding).toBeNull();
    expect(aggregates.support.meanAnswerGrounding).toBe(0);
  });

  it("has a value and a support for every aggregate key", () => {
    expect(Object.keys(aggregates.values).sort()).toEqual([...RUN_AGGREGATE_KEYS].sort());
    expect(Object.keys(aggregates.support).sort()).toEqual([...RUN_AGGREGATE_KEYS].sort());
    expect(aggregates.itemCount).toBe(5);
  });
});

describe("metric by reasoning length", () => {
  it("cuts quantile buckets of nearly equal size", () => {
    // n = 5, 4 buckets: cuts at round(1.25) = 1, round(2.5) = 3, round(3.75) = 4.
    // Buckets {100}, {200, 300}, {400}, {1000}; accuracy 1, (1 + 0) / 2, 0, 0.
    const { buckets, metricKeys } = aggregateFailureSignals(run).metricByReasoningLength;
    expect(metricKeys).toEqual(["accuracy"]);
    expect(buckets.map((bucket) => [bucket.label, bucket.count, bucket.metrics.accuracy])).toEqual([
      ["100", 1, 1],
      ["200–300", 2, 0.5],
      ["400", 1, 0],
      ["1000", 1, 0],
    ]);
    expect(buckets[1]).toMatchObject({ from: 200, to: 300, toInclusive: true, meanReasoningTokens: 250 });
  });

  it("keeps items with equal token counts in one bucket", () => {
    // Tokens 100, 100, 100, 200 in 2 buckets: the cut at 2 would split the 100s, so it moves to 3.
    const tied = [100, 100, 100, 200].map((tokens, i) => ({ exampleId: `t${i}`, signals: signals({ reasoningTokens: tokens }), metrics: { accuracy: i === 3 ? 1 : 0 } }));
    const { buckets } = aggregateFailureSignals(tied, { lengthBucketing: { kind: "quantile", count: 2 } }).metricByReasoningLength;
    expect(buckets.map((bucket) => [bucket.label, bucket.count, bucket.metrics.accuracy])).toEqual([
      ["100", 3, 0],
      ["200", 1, 1],
    ]);
  });

  it("uses fixed edges, reporting empty buckets too", () => {
    // [0, 250): 100, 200 -> accuracy 1; [250, 500): 300, 400 -> 0; [500, 800): none; >= 800: 1000 -> 0.
    const { buckets } = aggregateFailureSignals(run, { lengthBucketing: { kind: "fixed", upperEdges: [250, 500, 800] } }).metricByReasoningLength;
    expect(buckets.map((bucket) => [bucket.label, bucket.count, bucket.metrics.accuracy])).toEqual([
      ["0–250", 2, 1],
      ["250–500", 2, 0],
      ["500–800", 0, null],
      ["≥800", 1, 0],
    ]);
    expect(buckets[3]).toMatchObject({ from: 800, to: null, toInclusive: false });
  });

  it("averages each metric over the items that have it", () => {
    // Bucket of e1 and e2 (one bucket of 2 by fixed edge 250): rouge1 only on e1 -> 0.3 from 1 item.
    const partial: RunItemSignals[] = [
      { signals: signals({ reasoningTokens: 10 }), metrics: { rouge1: 0.3, rougeL: null } },
      { signals: signals({ reasoningTokens: 20 }), metrics: { rougeL: 0.2 } },
    ];
    const [bucket] = aggregateFailureSignals(partial, { lengthBucketing: { kind: "fixed", upperEdges: [250] } }).metricByReasoningLength.buckets;
    expect(bucket!.metrics).toEqual({ rouge1: 0.3, rougeL: 0.2 });
    expect(bucket!.metricSupport).toEqual({ rouge1: 1, rougeL: 1 });
  });
});

describe("an empty run", () => {
  it("has no values and no buckets", () => {
    const aggregates = aggregateFailureSignals([]);
    expect(aggregates.itemCount).toBe(0);
    expect(Object.values(aggregates.values).every((value) => value === null)).toBe(true);
    expect(aggregates.metricByReasoningLength.buckets).toEqual([]);
  });
});
