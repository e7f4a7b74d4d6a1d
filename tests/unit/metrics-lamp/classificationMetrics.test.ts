import { describe, expect, it } from "vitest";
import { accuracyAndMacroF1, classificationScores, labelIndex, perLabelScores } from "../../../server/metrics/lamp/classificationMetrics";
import { LAMP1_LABELS, LAMP2_MOVIE_LABELS, LAMP2_NEWS_LABELS } from "../../../server/lamp/officialLabels";

describe("official label lists", () => {
  it("have the official sizes and first entries", () => {
    expect(LAMP1_LABELS).toEqual(["[1]", "[2]"]);
    expect(LAMP2_MOVIE_LABELS).toHaveLength(15);
    expect(LAMP2_MOVIE_LABELS[0]).toBe("sci-fi");
    expect(LAMP2_MOVIE_LABELS[14]).toBe("true story");
    expect(LAMP2_NEWS_LABELS).toHaveLength(15);
    expect(LAMP2_NEWS_LABELS[0]).toBe("food & drink");
    expect(LAMP2_NEWS_LABELS[14]).toBe("healthy living");
  });
});

describe("labelIndex (strip, then exact match)", () => {
  it("strips Python whitespace, but is case and punctuation sensitive", () => {
    expect(labelIndex(" [2]\n", LAMP1_LABELS)).toBe(1);
    expect(labelIndex("[1].", LAMP1_LABELS)).toBe(-1);
    expect(labelIndex("Comedy", LAMP2_MOVIE_LABELS)).toBe(-1);
    expect(labelIndex("comedy", LAMP2_MOVIE_LABELS)).toBe(2);
  });
});

describe("accuracy and macro-F1 (sklearn, labels = range(len(labels)))", () => {
  it("LaMP-1 case with two -1 predictions", () => {
    // golds  [1] [1] [2] [2] [2]          -> 0 0 1 1 1
    // preds  [1] "[2] " [2] "[1]." "answer: [2]" -> 0 1 1 -1 -1
    // accuracy = (1 + 0 + 1 + 0 + 0) / 5 = 0.4
    // label [1]: tp 1, predicted 1, support 2 -> P 1, R 1/2, F = 2*1/(2+1) = 2/3
    // label [2]: tp 1, predicted 2, support 3 -> P 1/2, R 1/3, F = 2*1/(3+2) = 2/5
    // (the two -1 predictions are nobody's false positive, but they miss the recall of [2])
    // macro F1 = (2/3 + 2/5) / 2 = 8/15 = 0.5333...
    const r = classificationScores(["[1]", "[1]", "[2]", "[2]", "[2]"], ["[1]", "[2] ", "[2]", "[1].", "answer: [2]"], LAMP1_LABELS);
    expect(r.accuracy).toBeCloseTo(0.4, 15);
    expect(r.f1).toBeCloseTo(8 / 15, 15);
  });

  it("LaMP-2: labels never predicted count as 0 in the average, and -1 against -1 counts as correct", () => {
    // golds  comedy comedy action "unknown tag"   -> 2 2 3 -1
    // preds  comedy action Action "also unknown"  -> 2 3 -1 -1
    // accuracy: hits at 0 and 3 (-1 == -1, as the official index comparison does) -> 2/4 = 0.5
    // comedy: tp 1, predicted 1, support 2 -> F = 2/(2+1) = 2/3; action: tp 0 -> F = 0;
    // the other 13 labels: no support, never predicted -> F = 0.
    // macro F1 = (2/3) / 15 = 2/45 = 0.0444...
    const r = classificationScores(["comedy", "comedy", "action", "unknown tag"], ["comedy", "action", "Action", "also unknown"], LAMP2_MOVIE_LABELS);
    expect(r.accuracy).toBe(0.5);
    expect(r.f1).toBeCloseTo(2 / 45, 15);
  });

  it("reports per-label precision, recall and F1", () => {
    const per = perLabelScores([0, 0, 1, 1, 1], [0, 1, 1, -1, -1], LAMP1_LABELS);
    expect(per[0]).toEqual({ label: "[1]", precision: 1, recall: 0.5, f1: 2 / 3, support: 2, predicted: 1 });
    expect(per[1]).toMatchObject({ precision: 0.5, support: 3, predicted: 2 });
    expect(per[1].recall).toBeCloseTo(1 / 3, 15);
  });

  it("gives perfect scores when predictions equal golds, macro-F1 counting absent labels as 0", () => {
    expect(accuracyAndMacroF1([0, 1, 1], [0, 1, 1], LAMP1_LABELS)).toEqual({ accuracy: 1, f1: 1 });
    // 3 distinct news labels out of 15 present: F = 1 for each of them -> 3/15 = 0.2.
    expect(classificationScores(["politics", "sports", "crime"], ["politics", "sports", "crime"], LAMP2_NEWS_LABELS)).toEqual({ accuracy: 1, f1: 0.2 });
  });

  it("refuses lists of different lengths", () => {
    expect(() => accuracyAndMacroF1([0], [0, 1], LAMP1_LABELS)).toThrow(/as many predictions as golds/);
  });
});
