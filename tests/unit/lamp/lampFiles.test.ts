import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  readOutputsFile,
  readQuestionsFile,
  validateGoldOutput,
  validateOutputs,
  validateProfileFields,
  validateQuestionRecord,
} from "../../../server/lamp/lampFiles";
import { LampFormatError } from "../../../server/lamp/lampFormatError";

const F = "dev_questions.json";

describe("validateQuestionRecord", () => {
  it("returns the typed record, with user_id as a string", () => {
    expect(validateQuestionRecord({ id: "1", input: "x", profile: [{ id: 5 }], user_id: 42 }, F, 0)).toEqual({
      id: "1",
      input: "x",
      profile: [{ id: 5 }],
      userId: "42",
    });
  });

  it.each([
    [[1], 'dev_questions.json: record 12 must be an object {"id", "input", "profile"}, found an array'],
    [{ input: "x", profile: [] }, 'dev_questions.json: record 12 has no "id"'],
    [{ id: 610, input: "x", profile: [] }, 'dev_questions.json: record 12: "id" must be a string, found number 610'],
    [{ id: "610", profile: [] }, 'dev_questions.json: record 12 (id "610"): "input" must be a string, found nothing'],
    [{ id: "610", input: "x", profile: {} }, 'dev_questions.json: record 12 (id "610"): "profile" must be an array, found an object'],
    [
      { id: "610", input: "x", profile: [{ id: "1" }, { id: "2" }, { id: "3" }, { text: "no id" }] },
      'dev_questions.json: record 12 (id "610"): profile[3] has no "id"',
    ],
    [{ id: "610", input: "x", profile: ["t"] }, 'dev_questions.json: record 12 (id "610"): profile[0] must be an object, found a string "t"'],
    [
      { id: "610", input: "x", profile: [{ id: null }] },
      'dev_questions.json: record 12 (id "610"): profile[0]: "id" must be a string or a number, found null',
    ],
    [
      { id: "610", input: "x", profile: [], user_id: [] },
      'dev_questions.json: record 12 (id "610"): "user_id" must be a string or a number, found an array',
    ],
  ])("%j", (record, message) => {
    expect(() => validateQuestionRecord(record, F, 12)).toThrow(new LampFormatError(message));
  });
});

describe("validateProfileFields", () => {
  const q = (profile: object[]) => ({ id: "7", input: "x", profile: profile as never, userId: null });
  it("names the item and the fields the task needs", () => {
    expect(() => validateProfileFields(q([{ id: "70", text: "a" }, { id: "71" }]), "LaMP-7", F, 3)).toThrow(
      'dev_questions.json: record 3 (id "7"): profile[1] (id "71") has no "text" (LaMP-7 profile items need id, text)',
    );
    expect(() => validateProfileFields(q([{ id: "70", description: "d" }]), "LaMP-2", F, 0)).toThrow(
      'dev_questions.json: record 0 (id "7"): profile[0] (id "70") has no "tag" (LaMP-2 profile items need id, description, tag)',
    );
    expect(() => validateProfileFields(q([{ id: 1, text: 5 }]), "LaMP-7", F, 0)).toThrow(
      'dev_questions.json: record 0 (id "7"): profile[0] (id 1): "text" must be a string, found number 5',
    );
  });
  it("lets LaMP-3 scores be numbers", () => {
    expect(() => validateProfileFields(q([{ id: "1", text: "t", score: 4 }]), "LaMP-3", F, 0)).not.toThrow();
  });
});

describe("validateOutputs", () => {
  const O = "dev_outputs.json";
  it("accepts the official shape", () => {
    expect(validateOutputs({ task: "LaMP_7", golds: [{ id: "1", output: "a" }] }, O)).toEqual({
      task: "LaMP_7",
      golds: [{ id: "1", output: "a" }],
    });
  });
  it.each([
    [[], 'dev_outputs.json must be an object {"task", "golds"}, found an array'],
    [{ golds: [] }, 'dev_outputs.json: "task" must be a string like "LaMP_1", found nothing'],
    [{ task: "LaMP_1", golds: {} }, 'dev_outputs.json: "golds" must be an array, found an object'],
    [{ task: "LaMP_1", golds: [{ id: 4, output: "x" }] }, 'dev_outputs.json: golds[0]: "id" must be a string, found number 4'],
    [
      { task: "LaMP_1", golds: [{ id: "a", output: "x" }, { id: "614", output: null }] },
      'dev_outputs.json: golds[1] (id "614"): "output" must be a string, found null',
    ],
    [
      { task: "LaMP_1", golds: [{ id: "a", output: "x" }, { id: "a", output: "y" }] },
      'dev_outputs.json: golds[1] (id "a"): the id repeats golds[0]',
    ],
  ])("%j", (value, message) => {
    expect(() => validateOutputs(value, O)).toThrow(new LampFormatError(message));
  });
});

describe("validateGoldOutput", () => {
  it("accepts labels after strip, as eval/evaluation.py compares them", () => {
    expect(() => validateGoldOutput("LaMP-1", { id: "1", output: " [2]\n" }, "o.json", 0)).not.toThrow();
    expect(() => validateGoldOutput("LaMP-3", { id: "1", output: "5" }, "o.json", 0)).not.toThrow();
    expect(() => validateGoldOutput("LaMP-7", { id: "1", output: "" }, "o.json", 0)).not.toThrow();
  });
  it("rejects a label outside the task's list and an unparsable or out-of-range rating", () => {
    expect(() => validateGoldOutput("LaMP-2N", { id: "9", output: "comedy" }, "o.json", 2)).toThrow(
      'o.json: golds[2] (id "9"): output "comedy" is not a LaMP-2N label (expected one of "food & drink", "sports", "education", "parents", "religion", "travel", "business", "crime", "science & technology", "culture & arts", "entertainment", "politics", "women", "style & beauty", "healthy living")',
    );
    expect(() => validateGoldOutput("LaMP-3", { id: "9", output: "6" }, "o.json", 0)).toThrow(
      'o.json: golds[0] (id "9"): output "6" is not a rating from 1 to 5',
    );
    expect(() => validateGoldOutput("LaMP-3", { id: "9", output: "" }, "o.json", 0)).toThrow("is not a rating from 1 to 5");
  });
});

describe("reading files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-files-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const drain = async (gen: AsyncGenerator<unknown>) => {
    const out: unknown[] = [];
    for await (const x of gen) out.push(x);
    return out;
  };

  it("readQuestionsFile rejects a repeated id, naming both records", async () => {
    const p = write("q1.json", JSON.stringify([
      { id: "1", input: "a", profile: [] },
      { id: "2", input: "b", profile: [] },
      { id: "1", input: "c", profile: [] },
    ]));
    await expect(drain(readQuestionsFile(p))).rejects.toThrow('q1.json: record 2 (id "1"): the id repeats record 0');
  });

  it("readQuestionsFile decides the task from the first record and checks every record against it", async () => {
    const p = write("q2.json", JSON.stringify([
      { id: "1", input: "article: a", profile: [{ id: "p", title: "t", text: "x", category: "women" }] },
      { id: "2", input: "article: b", profile: [{ id: "q", description: "d", tag: "comedy" }] },
    ]));
    await expect(drain(readQuestionsFile(p, { task: () => "LaMP-2N" }))).rejects.toThrow(
      'q2.json: record 1 (id "2"): profile[0] (id "q") has no "title" (LaMP-2N profile items need id, title, text, category)',
    );
  });

  it("a missing file is named", async () => {
    await expect(drain(readQuestionsFile(path.join(dir, "nope.json")))).rejects.toThrow(
      `The questions file ${path.join(dir, "nope.json")} does not exist`,
    );
    await expect(readOutputsFile(path.join(dir, "nope.json"))).rejects.toThrow("does not exist");
  });

  it("readOutputsFile reports malformed JSON with the file name", async () => {
    const p = write("bad_outputs.json", '{"task": "LaMP_1", "golds": [');
    await expect(readOutputsFile(p)).rejects.toThrow(/^bad_outputs\.json: malformed JSON: /);
  });
});
