import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPredictionsFile, writePredictionsFile } from "../../../server/lamp/exportPredictions";

const preds = [
  { exampleId: "b", output: "[2]" },
  { exampleId: "a", output: "[1]" },
];

describe("buildPredictionsFile", () => {
  it("writes the file task name (both LaMP-2 variants are LaMP_2) and follows the dataset order", () => {
    expect(buildPredictionsFile("LaMP-1", preds, { order: ["a", "b"] })).toEqual({
      task: "LaMP_1",
      golds: [{ id: "a", output: "[1]" }, { id: "b", output: "[2]" }],
    });
    expect(buildPredictionsFile("LaMP-2N", [{ exampleId: "x", output: "women" }]).task).toBe("LaMP_2");
  });
  it("keeps the given order without a dataset order", () => {
    expect(buildPredictionsFile("LaMP-1", preds).golds.map((g) => g.id)).toEqual(["b", "a"]);
  });
  it("refuses what the official evaluator would refuse: missing, extra or repeated ids", () => {
    expect(() => buildPredictionsFile("LaMP-1", preds, { order: ["a", "b", "c"] })).toThrow(
      '1 example(s) have no prediction (the official evaluator needs all): "c"',
    );
    expect(() => buildPredictionsFile("LaMP-1", preds, { order: ["a"] })).toThrow('1 prediction id(s) are not in the dataset: "b"');
    expect(() => buildPredictionsFile("LaMP-1", [...preds, preds[0]])).toThrow('Two predictions for example id "b"');
  });
  it("allows gaps when asked (an unfinished run)", () => {
    expect(buildPredictionsFile("LaMP-1", preds, { order: ["c", "b", "a"], allowMissing: true }).golds.map((g) => g.id)).toEqual(["b", "a"]);
  });
});

describe("writePredictionsFile", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-export-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it("writes JSON that reads back as the official shape, creating folders", async () => {
    const file = path.join(dir, "deep", "preds.json");
    await writePredictionsFile(file, "LaMP-7", [{ exampleId: "610", output: "busy day \u00e9" }]);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ task: "LaMP_7", golds: [{ id: "610", output: "busy day é" }] });
  });
});
