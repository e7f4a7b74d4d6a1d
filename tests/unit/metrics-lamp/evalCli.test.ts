import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../../../cli/commands/eval";
import { hasLampReal, lampRealFile, lampRealSkipReason } from "../../support/sharedData";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eval-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeJson(name: string, data: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

type Golds = { task: string; golds: { id: string; output: string }[] };
const readGolds = (task: string): Golds => JSON.parse(fs.readFileSync(lampRealFile(task, "dev_outputs.json"), "utf8")) as Golds;

describe.skipIf(!hasLampReal)(`eval CLI on the real LaMP files (${hasLampReal ? "present" : lampRealSkipReason})`, () => {
  it("golds against themselves: accuracy 1 and F1 1 on LaMP_1 (both labels occur), written like json.dump", async () => {
    const output = path.join(tmp, "lamp1.json");
    const golds = lampRealFile("LaMP_1", "dev_outputs.json");
    expect(await run(["--golds", golds, "--preds", golds, "--task", "LaMP_1", "--output", output])).toBe(0);
    expect(out).toEqual(['{"accuracy": 1.0, "f1": 1.0}']);
    expect(fs.readFileSync(output, "utf8")).toBe('{"accuracy": 1.0, "f1": 1.0}');
  });

  it("golds against themselves: ROUGE 1 on LaMP_4 and LaMP_7", async () => {
    for (const task of ["LaMP_4", "LaMP_7"]) {
      const golds = lampRealFile(task, "dev_outputs.json");
      out = [];
      expect(await run(["--golds", golds, "--preds", golds, "--task", task])).toBe(0);
      expect(out).toEqual(['{"rouge-1": 1.0, "rouge-L": 1.0}']);
    }
  });

  it("LaMP_2 news golds: the news labels give F1 3/15, the default movie labels give the official quirk", async () => {
    // The three golds are politics, sports, crime: three labels with F1 1, twelve with 0 -> 0.2.
    // Against the movie list every one maps to -1: accuracy 1 (-1 == -1), F1 0.
    const golds = lampRealFile("LaMP_2_news", "dev_outputs.json");
    expect(await run(["--golds", golds, "--preds", golds, "--task", "LaMP_2", "--labels", "news"])).toBe(0);
    expect(await run(["--golds", golds, "--preds", golds, "--task", "LaMP_2"])).toBe(0);
    expect(out).toEqual(['{"accuracy": 1.0, "f1": 0.2}', '{"accuracy": 1.0, "f1": 0.0}']);
  });

  it("a crafted LaMP_1 predictions file gives the hand-computed numbers", async () => {
    // golds: 010 [1], 011 [2], 012 [2]  -> 0 1 1
    // preds: 010 "[1]", 011 "[1]", 012 "[2]." -> 0 0 -1
    // accuracy 1/3; label [1]: tp 1, predicted 2, support 1 -> F = 2/(1+2) = 2/3; label [2]: F 0
    // macro F1 = (2/3 + 0) / 2 = 1/3
    const golds = readGolds("LaMP_1");
    expect(golds.golds.map((g) => [g.id, g.output])).toEqual([["010", "[1]"], ["011", "[2]"], ["012", "[2]"]]);
    const preds = writeJson("lamp1-preds.json", { task: "LaMP_1", golds: [{ id: "012", output: "[2]." }, { id: "010", output: "[1]" }, { id: "011", output: "[1]" }] });
    expect(await run(["--golds_json", lampRealFile("LaMP_1", "dev_outputs.json"), "--preds_json", preds, "--task_name", "LaMP_1"])).toBe(0);
    expect(out).toEqual(['{"accuracy": 0.3333333333333333, "f1": 0.3333333333333333}']);
  });

  it("a crafted LaMP_7 predictions file gives the hand-computed numbers", async () => {
    // 49 predictions copy their gold (ROUGE 1); id 610 is changed.
    // gold 610 "got a busy day today.. but i'm bored right now " tokenizes to
    //   got a busy day today but i m bored right now  (11 tokens)
    // pred "I am bored today" -> i am bored today (4 tokens)
    // ROUGE-1: overlap i, bored, today = 3 -> P 3/4, R 3/11, F = 2 (9/44) / (45/44) = 18/45 = 0.4
    // ROUGE-L: "today" precedes "i" in the gold, so the LCS is "i bored" = 2 -> P 1/2, R 2/11,
    //          F = 2 (1/11) / (15/22) = 4/15
    // means: ROUGE-1 (49 + 0.4) / 50 = 0.988; ROUGE-L (49 + 4/15) / 50 = 0.98533...
    const golds = readGolds("LaMP_7");
    expect(golds.golds).toHaveLength(50);
    expect(golds.golds[0]).toEqual({ id: "610", output: "got a busy day today.. but i'm bored right now " });
    const preds = writeJson("lamp7-preds.json", {
      task: "LaMP_7",
      golds: golds.golds.map((g) => (g.id === "610" ? { id: g.id, output: "I am bored today" } : g)),
    });
    expect(await run(["--golds", lampRealFile("LaMP_7", "dev_outputs.json"), "--preds", preds, "--task", "LaMP-7"])).toBe(0);
    const result = JSON.parse(out[0]) as Record<string, number>;
    expect(result["rouge-1"]).toBeCloseTo((49 + 0.4) / 50, 14);
    expect(result["rouge-L"]).toBeCloseTo((49 + 4 / 15) / 50, 14);
  });

  it("fails with the official message when ids are missing", async () => {
    const golds = readGolds("LaMP_7");
    const preds = writeJson("lamp7-short.json", { task: "LaMP_7", golds: golds.golds.slice(1) });
    expect(await run(["--golds", lampRealFile("LaMP_7", "dev_outputs.json"), "--preds", preds, "--task", "LaMP_7"])).toBe(1);
    expect(err[0]).toMatch(/^Predictions ids and gold ids do not match: 1 gold id\(s\) have no prediction: "610"/);
  });

  it("checks the task names of both files like evaluate_task", async () => {
    const golds = lampRealFile("LaMP_7", "dev_outputs.json");
    expect(await run(["--golds", golds, "--preds", lampRealFile("LaMP_4", "dev_outputs.json"), "--task", "LaMP_7"])).toBe(1);
    expect(err[0]).toMatch(/task_name and the results do not match.*"LaMP_4"/);
    expect(await run(["--golds", lampRealFile("LaMP_4", "dev_outputs.json"), "--preds", golds, "--task", "LaMP_7"])).toBe(1);
    expect(err[1]).toMatch(/golds cannot be used to evaluate this task/);
  });
});

describe("eval CLI input checks", () => {
  it("explains usage errors with exit code 2", async () => {
    expect(await run(["--preds", "x", "--task", "LaMP_1"])).toBe(2);
    expect(err[0]).toMatch(/Missing --golds FILE/);
    expect(await run(["--golds", "a", "--preds", "b", "--task", "LaMP_1", "--labels", "books"])).toBe(2);
    expect(err[1]).toMatch(/--labels must be movie or news/);
    expect(await run(["--help"])).toBe(0);
  });

  it("names the file and entry that is wrong", async () => {
    const golds = writeJson("g.json", { task: "LaMP_4", golds: [{ id: "1", output: "a" }] });
    const notJson = path.join(tmp, "bad.json");
    fs.writeFileSync(notJson, "{oops");
    expect(await run(["--golds", golds, "--preds", notJson, "--task", "LaMP_4"])).toBe(1);
    expect(err.at(-1)).toMatch(/bad\.json is not valid JSON/);
    const noGolds = writeJson("nogolds.json", { task: "LaMP_4", preds: [] });
    expect(await run(["--golds", golds, "--preds", noGolds, "--task", "LaMP_4"])).toBe(1);
    expect(err.at(-1)).toMatch(/nogolds\.json has no "golds" array/);
    const badOutput = writeJson("badout.json", { task: "LaMP_4", golds: [{ id: "1", output: 5 }] });
    expect(await run(["--golds", golds, "--preds", badOutput, "--task", "LaMP_4"])).toBe(1);
    expect(err.at(-1)).toMatch(/badout\.json: golds\[0\]\.output must be a string, got 5/);
    expect(await run(["--golds", path.join(tmp, "missing.json"), "--preds", golds, "--task", "LaMP_4"])).toBe(1);
    expect(err.at(-1)).toMatch(/Cannot read the golds file/);
  });

  it("accepts numeric outputs for the rating task, as Python's float() does", async () => {
    const golds = writeJson("g3.json", { task: "LaMP_3", golds: [{ id: "1", output: "4" }, { id: "2", output: "2" }] });
    const preds = writeJson("p3.json", { task: "LaMP_3", golds: [{ id: "1", output: 3 }, { id: "2", output: "two" }] });
    // id 1: |3 - 4| = 1; id 2: unparsable, gold 2 -> 5.0, error 3. MAE 2, RMSE sqrt((1 + 9) / 2) = sqrt(5)
    expect(await run(["--golds", golds, "--preds", preds, "--task", "LaMP_3"])).toBe(0);
    expect(out[0]).toBe(`{"MAE": 2.0, "RMSE": ${String(Math.sqrt(5))}}`);
  });
});
