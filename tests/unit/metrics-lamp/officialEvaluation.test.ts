import { describe, expect, it } from "vitest";
import { evaluateOfficial, resolveTask, scoreExample } from "../../../server/metrics/lamp/officialEvaluation";

const ids = (outputs: string[]) => outputs.map((output, i) => ({ id: String(100 + i), output }));

describe("evaluateOfficial", () => {
  it("returns the official keys per task", () => {
    expect(Object.keys(evaluateOfficial("LaMP_1", ids(["[1]"]), ids(["[1]"])))).toEqual(["accuracy", "f1"]);
    expect(Object.keys(evaluateOfficial("LaMP_3", ids(["3"]), ids(["3"])))).toEqual(["MAE", "RMSE"]);
    expect(Object.keys(evaluateOfficial("LaMP_5", ids(["a title"]), ids(["a title"])))).toEqual(["rouge-1", "rouge-L"]);
  });

  it("matches predictions to golds by id, not by position", () => {
    // Same LaMP-1 case as classificationMetrics.test.ts, predictions listed in reverse order:
    // accuracy 0.4, macro-F1 8/15.
    const golds = ids(["[1]", "[1]", "[2]", "[2]", "[2]"]);
    const preds = ids(["[1]", "[2] ", "[2]", "[1].", "answer: [2]"]).reverse();
    const r = evaluateOfficial("LaMP-1", golds, preds) as { accuracy: number; f1: number };
    expect(r.accuracy).toBeCloseTo(0.4, 15);
    expect(r.f1).toBeCloseTo(8 / 15, 15);
  });

  it("scores LaMP_2 against the movie list by default and the news list on request", () => {
    const golds = ids(["politics", "sports", "crime"]);
    // With movie labels every news category maps to -1, so -1 == -1 makes accuracy 1 while F1 is 0.
    expect(evaluateOfficial("LaMP_2", golds, golds)).toEqual({ accuracy: 1, f1: 0 });
    expect(evaluateOfficial("LaMP_2", golds, golds, { lamp2Labels: "news" })).toEqual({ accuracy: 1, f1: 0.2 });
    expect(evaluateOfficial("LaMP-2N", golds, golds)).toEqual({ accuracy: 1, f1: 0.2 });
  });

  it("LaMP_3 uses the worst-case fallback", () => {
    // golds 5, 1, 3, 4 vs "4", "3 stars", "", " 2.5 " -> MAE 2.125, RMSE sqrt(5.8125) (ratingMetrics.test.ts)
    const r = evaluateOfficial("LaMP_3", ids(["5", "1", "3", "4"]), ids(["4", "3 stars", "", " 2.5 "])) as { MAE: number; RMSE: number };
    expect(r.MAE).toBe(2.125);
    expect(r.RMSE).toBeCloseTo(Math.sqrt(5.8125), 15);
    expect(() => evaluateOfficial("LaMP_3", ids(["5"]), ids(["nan"]))).toThrow(/for id "100"/);
  });

  it("LaMP_4..7 strip and average ROUGE F over examples", () => {
    // ROUGE-1: (5/6 + 1 + 1/2) / 3 = 7/9; ROUGE-L: (5/6 + 1/3 + 1/2) / 3 = 5/9 (rougeScore.test.ts)
    const r = evaluateOfficial(
      "LaMP_7",
      ids(["the cat is on the mat", "man bites dog", "the cat sat on the mat"]),
      ids([" The cat sat on the mat.\n", "dog bites man", "the cat"]),
    ) as Record<string, number>;
    expect(r["rouge-1"]).toBeCloseTo(7 / 9, 15);
    expect(r["rouge-L"]).toBeCloseTo(5 / 9, 15);
  });

  it("fails like the official assert when the id sets differ, saying which ids", () => {
    const golds = ids(["[1]", "[2]", "[1]"]);
    const preds = [
      { id: "100", output: "[1]" },
      { id: "999", output: "[2]" },
    ];
    expect(() => evaluateOfficial("LaMP_1", golds, preds)).toThrow(/^Predictions ids and gold ids do not match/);
    expect(() => evaluateOfficial("LaMP_1", golds, preds)).toThrow(/2 gold id\(s\) have no prediction: "101", "102"; 1 prediction id\(s\) are not in the golds: "999"/);
  });

  it("scores each id once, the last output winning, as the official dicts do", () => {
    const golds = ids(["[1]", "[2]"]);
    const preds = [
      { id: "100", output: "[2]" },
      { id: "100", output: "[1]" },
      { id: "101", output: "[2]" },
    ];
    expect(evaluateOfficial("LaMP_1", golds, preds)).toEqual({ accuracy: 1, f1: 1 });
  });

  it("rejects unknown task names and empty golds", () => {
    expect(() => evaluateOfficial("LaMP_8", [], [])).toThrow(/Unknown LaMP task "LaMP_8"/);
    expect(() => evaluateOfficial("LaMP-3N", [], [])).toThrow(/Unknown LaMP task/);
    expect(() => evaluateOfficial("LaMP_4", [], [])).toThrow(/golds are empty/);
  });
});

describe("resolveTask", () => {
  it("accepts underscore, hyphen and LaMP-2 variant names", () => {
    expect(resolveTask("LaMP_4")).toEqual({ task: "LaMP_4" });
    expect(resolveTask("LaMP-4")).toEqual({ task: "LaMP_4" });
    expect(resolveTask("LaMP-2-old")).toEqual({ task: "LaMP_2", lamp2Labels: "news" });
    expect(resolveTask("LaMP_2M")).toEqual({ task: "LaMP_2", lamp2Labels: "movie" });
  });
});

describe("scoreExample (per-item values)", () => {
  it("label tasks: correct compares mapped indices", () => {
    expect(scoreExample("LaMP_1", " [2] ", "[2]")).toEqual({ kind: "label", correct: 1, predIndex: 1, goldIndex: 1 });
    expect(scoreExample("LaMP_2", "Comedy", "comedy")).toEqual({ kind: "label", correct: 0, predIndex: -1, goldIndex: 2 });
    expect(scoreExample("LaMP-2N", "crime", "crime")).toMatchObject({ correct: 1, predIndex: 7 });
  });

  it("rating: the value the official MAE uses, flagged when it was the fallback", () => {
    expect(scoreExample("LaMP_3", "2", "4")).toEqual({ kind: "rating", prediction: 2, parsed: true, absoluteError: 2, squaredError: 4 });
    expect(scoreExample("LaMP_3", "n/a", "4")).toEqual({ kind: "rating", prediction: 1, parsed: false, absoluteError: 3, squaredError: 9 });
    expect(scoreExample("LaMP_3", "inf", "2", { nonFinitePredictions: "worst-case" })).toMatchObject({ prediction: 5, parsed: false });
  });

  it("text: ROUGE-1 and ROUGE-L F", () => {
    expect(scoreExample("LaMP_4", "dog bites man", "man bites dog")).toEqual({ kind: "text", rouge1: 1, rougeL: 1 / 3 });
  });
});
