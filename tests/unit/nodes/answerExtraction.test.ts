import { describe, expect, it } from "vitest";
import { extractAnswer } from "../../../server/nodes/answerExtraction";
import { LAMP_TASKS } from "../../../server/lamp/tasks";

const news = LAMP_TASKS["LaMP-2N"].output;
const movies = LAMP_TASKS["LaMP-2"].output;
const citation = LAMP_TASKS["LaMP-1"].output;
const rating = LAMP_TASKS["LaMP-3"].output;
const headline = LAMP_TASKS["LaMP-4"].output;

describe("extractAnswer: label tasks", () => {
  it("keeps an exact label as it is", () => {
    expect(extractAnswer("politics", "", news)).toEqual({ text: "politics", method: "exact" });
    expect(extractAnswer("[2]", "", citation)).toEqual({ text: "[2]", method: "exact" });
  });

  it("normalizes case, markdown, a trailing full stop and bare LaMP-1 numbers", () => {
    expect(extractAnswer("**Politics.**", "", news)).toEqual({ text: "politics", method: "normalized" });
    expect(extractAnswer("  Science & Technology  ", "", news)).toEqual({ text: "science & technology", method: "normalized" });
    expect(extractAnswer("2", "", citation)).toEqual({ text: "[2]", method: "normalized" });
    expect(extractAnswer("Reference 1", "", citation)).toEqual({ text: "[1]", method: "normalized" });
  });

  it('reads the label after an answer cue: "The answer is [2]."', () => {
    expect(extractAnswer("The answer is [2].", "", citation)).toEqual({ text: "[2]", method: "answer-cue" });
    expect(extractAnswer("The category is: science & technology.", "", news)).toEqual({ text: "science & technology", method: "answer-cue" });
    // The LAST cue wins: the model revised its answer.
    expect(extractAnswer("Answer: sports\nOn reflection the final answer is crime", "", news)).toEqual({ text: "crime", method: "answer-cue" });
  });

  it("falls back to the last label mentioned", () => {
    expect(extractAnswer("I considered sports but politics fits better overall", "", news)).toEqual({
      text: "politics",
      method: "last-mention",
    });
  });

  it('LaMP-2: "dark comedy" is one label, never also "comedy"', () => {
    expect(extractAnswer("I'd say it's a dark comedy", "", movies)).toEqual({ text: "dark comedy", method: "last-mention" });
    // "comedy" comes first, "dark comedy" last: the longer label is the last mention.
    expect(extractAnswer("comedy, or rather dark comedy", "", movies)).toEqual({ text: "dark comedy", method: "last-mention" });
    // And the other way round: a plain "comedy" after a "dark comedy" is a separate, later mention.
    expect(extractAnswer("dark comedy at first, but really just comedy", "", movies)).toEqual({ text: "comedy", method: "last-mention" });
  });

  it("takes the answer from the end of the reasoning when the answer is empty (unclosed <think>)", () => {
    expect(extractAnswer("", "The user mostly reads crime stories, so the category is crime", news)).toEqual({
      text: "crime",
      method: "from-reasoning",
    });
    // A leaked think block inside the answer is removed before extraction.
    expect(extractAnswer("<think>maybe politics</think>sports", "", news)).toEqual({ text: "sports", method: "exact" });
  });

  it("gives the stripped text back with method none when nothing matches", () => {
    expect(extractAnswer("  no idea  ", "", news)).toEqual({ text: "no idea", method: "none" });
    expect(extractAnswer("", "", news)).toEqual({ text: "", method: "none" });
  });
});

describe("extractAnswer: ratings (LaMP-3)", () => {
  it("exact, decorated and cued ratings", () => {
    expect(extractAnswer("4", "", rating)).toEqual({ text: "4", method: "exact" });
    expect(extractAnswer("**4**", "", rating)).toEqual({ text: "4", method: "normalized" });
    expect(extractAnswer("Rating: 4 out of 5", "", rating)).toEqual({ text: "4", method: "answer-cue" });
  });

  it('the scale of "4 out of 5" or "4/5" is not the rating', () => {
    expect(extractAnswer("I'd give it 4 out of 5", "", rating)).toEqual({ text: "4", method: "last-mention" });
    expect(extractAnswer("4/5", "", rating)).toEqual({ text: "4", method: "last-mention" });
  });

  it("a rating ending a sentence of the reasoning is found", () => {
    expect(extractAnswer("", "Overall the user would rate it a 2.", rating)).toEqual({ text: "2", method: "from-reasoning" });
  });

  it("numbers outside 1..5 and percentages are ignored", () => {
    expect(extractAnswer("90% of the reviews are positive, 7 stars", "", rating)).toEqual({
      text: "90% of the reviews are positive, 7 stars",
      method: "none",
    });
  });
});

describe("extractAnswer: text tasks", () => {
  it('drops a preamble line and wrapping quotes: Here is the headline:\\n"X" -> X', () => {
    expect(extractAnswer('Here is the headline:\n"Teens Stay Safe Online"', "", headline)).toEqual({
      text: "Teens Stay Safe Online",
      method: "first-line",
    });
  });

  it("drops an inline label prefix and keeps clean text exact", () => {
    expect(extractAnswer("Headline: Teens Stay Safe", "", headline)).toEqual({ text: "Teens Stay Safe", method: "normalized" });
    expect(extractAnswer("Teens Stay Safe", "", headline)).toEqual({ text: "Teens Stay Safe", method: "exact" });
  });

  it("never answers a text task from the reasoning", () => {
    expect(extractAnswer("", "The headline could be: Teens Stay Safe", headline)).toEqual({ text: "", method: "none" });
  });
});
