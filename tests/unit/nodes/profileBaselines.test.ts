import { describe, expect, it } from "vitest";
import { closestCandidate, majorityLabel, meanScore, nearestItemText } from "../../../server/nodes/profileBaselines";
import { baselineNode } from "../../../server/nodes/baseline";
import { LAMP_TASKS } from "../../../server/lamp/tasks";
import type { AnswerValue, ItemsValue } from "../../../server/pipeline/portValues";
import { citationInput, makeExample, newsInput, nodeContext, retrievedItems, runNode } from "../../support/pipelineFixtures";

const movies = LAMP_TASKS["LaMP-2"];
const news = LAMP_TASKS["LaMP-2N"];

describe("majorityLabel", () => {
  it("takes the most frequent label of the retrieved items", () => {
    const items = retrievedItems([
      { id: "1", description: "a", tag: "comedy" },
      { id: "2", description: "b", tag: "action" },
      { id: "3", description: "c", tag: "action" },
      { id: "4", description: "d", tag: "action" },
    ]);
    expect(majorityLabel(movies, items, "sci-fi")).toEqual({ text: "action", method: "majority-label" });
  });

  it("breaks a tie by the best-ranked item carrying the label", () => {
    // comedy at ranks 2 and 3, dark comedy at ranks 1 and 4: 2 votes each, dark comedy holds rank 1.
    const items = retrievedItems([
      { id: "1", description: "a", tag: "dark comedy" },
      { id: "2", description: "b", tag: "comedy" },
      { id: "3", description: "c", tag: "comedy" },
      { id: "4", description: "d", tag: "dark comedy" },
    ]);
    expect(majorityLabel(movies, items, "sci-fi").text).toBe("dark comedy");
    // Same items reordered: comedy at ranks 1 and 4, dark comedy at ranks 2 and 3 -> comedy.
    const swapped = retrievedItems([
      { id: "2", description: "b", tag: "comedy" },
      { id: "1", description: "a", tag: "dark comedy" },
      { id: "4", description: "d", tag: "dark comedy" },
      { id: "3", description: "c", tag: "comedy" },
    ]);
    expect(majorityLabel(movies, swapped, "sci-fi").text).toBe("comedy");
  });

  it("uses the task's output field (LaMP-2N: category) and falls back when no item has one", () => {
    const items = retrievedItems([
      { id: "1", title: "t", text: "x", category: "sports" },
      { id: "2", title: "t", text: "y", category: "  " },
    ]);
    expect(majorityLabel(news, items, "women")).toEqual({ text: "sports", method: "majority-label" });
    expect(majorityLabel(news, retrievedItems([{ id: "1", title: "t", text: "x" }]), "women")).toEqual({
      text: "women",
      method: "fallback",
    });
    expect(majorityLabel(news, [], "women")).toEqual({ text: "women", method: "fallback" });
  });
});

describe("meanScore", () => {
  const scored = (...scores: unknown[]) => retrievedItems(scores.map((score, i) => ({ id: String(i), text: "r", score })));

  it("rounds the mean to the nearest integer, halves up", () => {
    expect(meanScore(scored(4, 5), "3")).toEqual({ text: "5", method: "mean-score" }); // 4.5 -> 5
    expect(meanScore(scored(1, 2), "3").text).toBe("2"); // 1.5 -> 2
    expect(meanScore(scored(2, 3, 3), "3").text).toBe("3"); // 2.67 -> 3
    expect(meanScore(scored(4, 4, 5), "3").text).toBe("4"); // 4.33 -> 4
    expect(meanScore(scored(1, 1, 1, 2), "3").text).toBe("1"); // 1.25 -> 1
  });

  it("reads scores stored as strings and skips unusable ones", () => {
    // "5" and 2 count, "n/a" does not: mean 3.5 -> 4.
    expect(meanScore(scored("5", 2, "n/a"), "3").text).toBe("4");
    expect(meanScore(scored("n/a"), "3")).toEqual({ text: "3", method: "fallback" });
  });
});

describe("nearestItemText", () => {
  it("returns what the user wrote for the top-ranked item, whatever the array order", () => {
    const items = retrievedItems([
      { id: "a", text: "article a", title: "Title A" },
      { id: "b", text: "article b", title: "Title B" },
    ]);
    // Give "b" rank 1 while it stays second in the array.
    items[0].rank = 2;
    items[1].rank = 1;
    expect(nearestItemText(LAMP_TASKS["LaMP-4"], items, "")).toEqual({ text: "Title B", method: "nearest-item" });
  });

  it("LaMP-7 reads the tweet text; an empty top item falls back", () => {
    expect(nearestItemText(LAMP_TASKS["LaMP-7"], retrievedItems([{ id: "t", text: " so tired today " }]), "").text).toBe("so tired today");
    expect(nearestItemText(LAMP_TASKS["LaMP-4"], retrievedItems([{ id: "a", text: "x", title: "" }]), "fb")).toEqual({
      text: "fb",
      method: "fallback",
    });
  });
});

describe("closestCandidate (LaMP-1)", () => {
  const input = citationInput("Robots that see and hear", "Spelling correction with pronunciation models", "Robot navigation in crowded rooms");

  it("picks the candidate sharing more long words with the retrieved papers", () => {
    // Profile words > 3 letters: learning, robot, navigation, crowded, rooms.
    // [2] shares robot, navigation, crowded, rooms (4); [1] shares none.
    const items = retrievedItems([{ id: "p", title: "Learning robot navigation", abstract: "in crowded rooms" }]);
    expect(closestCandidate(input, items)).toEqual({ text: "[2]", method: "closest-candidate" });
  });

  it("picks [1] when it overlaps more, and on a tie", () => {
    const spelling = retrievedItems([{ id: "p", title: "Pronunciation models", abstract: "for spelling" }]);
    expect(closestCandidate(input, spelling).text).toBe("[1]");
    // One shared word each ("models" in [1], "rooms" in [2]): tie -> [1].
    const tie = retrievedItems([{ id: "p", title: "models of rooms", abstract: "" }]);
    expect(closestCandidate(input, tie)).toEqual({ text: "[1]", method: "closest-candidate" });
  });

  it("falls back to [1] when the input does not carry the title and two quoted candidates", () => {
    expect(closestCandidate("which reference? [1] or [2]", [])).toEqual({ text: "[1]", method: "fallback" });
  });
});

describe("baseline node", () => {
  it("answers a LaMP-1 example with the closest candidate and a LaMP-2N example with the majority category", async () => {
    const citation = makeExample(
      "LaMP-1",
      citationInput("Robots that see", "Spelling correction with pronunciation models", "Robot navigation in crowded rooms"),
      [],
    );
    const citationItems: ItemsValue = {
      method: "bm25",
      query: "",
      items: retrievedItems([{ id: "p", title: "Robot navigation", abstract: "crowded rooms" }]),
    };
    const a = (await runNode(baselineNode, { example: citation, items: citationItems }, {}, nodeContext({ example: citation })))
      .answer as AnswerValue;
    expect(a).toEqual({ text: "[2]", raw: "[2]", reasoning: "", extraction: "closest-candidate" });

    const article = makeExample("LaMP-2N", newsInput("Budget vote"), []);
    const empty: ItemsValue = { method: "none", query: "", items: [] };
    const b = (await runNode(baselineNode, { example: article, items: empty }, {}, nodeContext({ example: article }))).answer as AnswerValue;
    // No items: the fallback is the task's first official label ("food & drink" heads the news list).
    expect(b).toMatchObject({ text: "food & drink", extraction: "fallback" });
    const c = (await runNode(baselineNode, { example: article, items: empty }, { fallback: "crime" }, nodeContext({ example: article })))
      .answer as AnswerValue;
    expect(c.text).toBe("crime");
  });
});
