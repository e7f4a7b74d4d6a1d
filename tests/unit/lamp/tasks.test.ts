import { describe, expect, it } from "vitest";
import { LAMP1_LABELS, LAMP2_MOVIE_LABELS, LAMP2_NEWS_LABELS } from "../../../server/lamp/officialLabels";
import {
  LAMP_TASKS,
  TASK_KEYS,
  detectLamp2Variant,
  detectTaskFromExample,
  getTask,
  makeCorpus,
  makeQuery,
  parseTaskName,
} from "../../../server/lamp/tasks";

describe("task registry", () => {
  it("has one entry per task key with the file task name of its outputs files", () => {
    expect(TASK_KEYS.map((k) => LAMP_TASKS[k].fileTaskName)).toEqual([
      "LaMP_1", "LaMP_2", "LaMP_2", "LaMP_3", "LaMP_4", "LaMP_5", "LaMP_6", "LaMP_7",
    ]);
    expect(getTask("LaMP-2N").officialCodeName).toBe("LaMP-2-old");
  });
  it("uses the official label lists and the 1-5 rating", () => {
    expect(getTask("LaMP-1").output).toEqual({ kind: "label", labels: LAMP1_LABELS });
    expect(getTask("LaMP-2").output).toEqual({ kind: "label", labels: LAMP2_MOVIE_LABELS });
    expect(getTask("LaMP-2N").output).toEqual({ kind: "label", labels: LAMP2_NEWS_LABELS });
    expect(getTask("LaMP-3").output).toEqual({ kind: "rating", min: 1, max: 5 });
    expect(getTask("LaMP-7").output).toEqual({ kind: "text" });
  });
});

describe("parseTaskName", () => {
  it.each([
    ["LaMP_1", "LaMP-1"],
    ["LaMP-4", "LaMP-4"],
    ["lamp7", "LaMP-7"],
    [" LaMP_2 ", "LaMP-2"],
    ["LaMP-2N", "LaMP-2N"],
    ["LaMP_2N", "LaMP-2N"],
    ["LaMP-2-old", "LaMP-2N"],
    ["LaMP-2M", "LaMP-2"],
  ])("%s -> %s", (input, key) => {
    expect(parseTaskName(input)).toBe(key);
  });
  it.each(["LaMP-8", "LaMP-3N", "lamp", "LaMP-22"])("rejects %s with the accepted forms", (input) => {
    expect(() => parseTaskName(input)).toThrow(
      `Unknown LaMP task "${input}". Expected one of LaMP-1, LaMP-2, LaMP-2N, LaMP-3, LaMP-4, LaMP-5, LaMP-6, LaMP-7 (or the file form LaMP_1 .. LaMP_7).`,
    );
  });
});

describe("detectLamp2Variant", () => {
  it("reads the input template first", () => {
    expect(detectLamp2Variant({ input: "Which category does this article relate to ... article: x", profile: [] })).toBe("LaMP-2N");
    expect(detectLamp2Variant({ input: "Which tag does this movie relate to ... description: x", profile: [] })).toBe("LaMP-2");
  });
  it("falls back to the profile fields when the input shows neither", () => {
    expect(detectLamp2Variant({ input: "classify", profile: [{ id: "1", category: "women", text: "", title: "" }] })).toBe("LaMP-2N");
    expect(detectLamp2Variant({ input: "classify", profile: [{ id: "1", tag: "comedy", description: "" }] })).toBe("LaMP-2");
    expect(detectLamp2Variant({ input: "classify", profile: [] })).toBeNull();
  });
});

describe("detectTaskFromExample", () => {
  it.each([
    ['For an author who has written the paper with the title "a", which ...', "LaMP-1"],
    ["Which tag does this movie relate to among the following tags? ...", "LaMP-2"],
    ["Which category does this article relate to among the following categories? ...", "LaMP-2N"],
    ["What is the score of the following review on a scale of 1 to 5? just answer ...", "LaMP-3"],
    ["Generate a headline for the following article: x", "LaMP-4"],
    ["Generate a title for the following abstract of a paper: x", "LaMP-5"],
    ["Generate a subject for the following email: x", "LaMP-6"],
    ["Paraphrase the following tweet without any explanation before or after it: x", "LaMP-7"],
    ["Summarise this", null],
  ])("%s", (input, key) => {
    expect(detectTaskFromExample({ input, profile: [] })).toBe(key);
  });
});

describe("query makers (LaMP/prompts/prompts.py *_query_corpus_maker)", () => {
  it("LaMP-1: quoted strings [1] and [2] joined by a space; [0] is the author's paper", () => {
    const input =
      'For an author who has written the paper with the title "Own Paper", which reference is related? Just answer with [1] or [2] without explanation. [1]: "Ref One" [2]: "Ref Two"';
    expect(makeQuery("LaMP-1", input)).toBe("Ref One Ref Two");
  });
  it("LaMP-1: fewer than three quoted strings is an error (IndexError officially)", () => {
    expect(() => makeQuery("LaMP-1", 'title "only one"')).toThrow(
      "LaMP-1 input has 1 quoted string(s); expected 3 (the paper title, reference [1], reference [2])",
    );
  });
  it("LaMP-2: text after the first 'description:', stripped", () => {
    expect(makeQuery("LaMP-2", "tags: [a, b] description:  A spy movie. description: again ")).toBe("A spy movie. description: again");
  });
  it("LaMP-2N and LaMP-4: text after 'article:'", () => {
    expect(makeQuery("LaMP-2N", "categories: [women] article: Beets are good.")).toBe("Beets are good.");
    expect(makeQuery("LaMP-4", "Generate a headline for the following article: Teens online.")).toBe("Teens online.");
  });
  it("LaMP-3: text after 'review:'", () => {
    expect(makeQuery("LaMP-3", "What is the score ... 5 without further explanation. review: Great pan!")).toBe("Great pan!");
  });
  it("LaMP-5: text after 'paper:'", () => {
    expect(makeQuery("LaMP-5", "Generate a title for the following abstract of a paper: We study X.")).toBe("We study X.");
  });
  it("LaMP-6 and LaMP-7: text after the FIRST ':' (so a later colon stays in the query)", () => {
    expect(makeQuery("LaMP-6", "Generate a subject for the following email: Hi: meet at 3")).toBe("Hi: meet at 3");
    expect(makeQuery("LaMP-7", "Paraphrase the following tweet without any explanation before or after it: ok: fine")).toBe("ok: fine");
  });
  it("a missing marker is a clear error (officially None, then a crash in BM25)", () => {
    expect(() => makeQuery("LaMP-3", "no marker")).toThrow('input has no "review:"; the query is the text after it');
  });
});

describe("corpus makers", () => {
  it("join the task's fields with one space, in the official order", () => {
    expect(makeCorpus("LaMP-1", [{ id: "1", title: "T", abstract: "A" }])).toEqual(["T A"]);
    expect(makeCorpus("LaMP-2", [{ id: "1", description: "D", tag: "comedy" }])).toEqual(["D"]);
    expect(makeCorpus("LaMP-2N", [{ id: "1", title: "T", text: "X", category: "women" }])).toEqual(["T X"]);
    expect(makeCorpus("LaMP-3", [{ id: "1", text: "R", score: "4" }])).toEqual(["R"]);
    expect(makeCorpus("LaMP-4", [{ id: "1", title: "H", text: "B" }])).toEqual(["H B"]);
    expect(makeCorpus("LaMP-5", [{ id: "1", title: "T", abstract: "A" }])).toEqual(["T A"]);
    expect(makeCorpus("LaMP-6", [{ id: "1", title: "S", text: "Body" }])).toEqual(["Body"]);
    expect(makeCorpus("LaMP-7", [{ id: "1", text: "tw" }, { id: "2", text: "eet" }])).toEqual(["tw", "eet"]);
  });
  it("say which item lacks a field", () => {
    expect(() => makeCorpus("LaMP-7", [{ id: "9" }])).toThrow('profile item "9": "text" must be a string or a number, found nothing');
  });
});
