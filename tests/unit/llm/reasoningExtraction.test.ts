import { describe, expect, it } from "vitest";
import {
  ReasoningStreamSplitter,
  extractContinuedReasoning,
  extractReasoning,
  splitThinkTags,
} from "../../../server/llm/reasoningExtraction";
import type { LlmDeltaEvent } from "../../../server/llm/types";

function runSplitter(chunks: string[], options?: { startInsideThink?: boolean }) {
  const splitter = new ReasoningStreamSplitter(options);
  const events: LlmDeltaEvent[] = [];
  for (const chunk of chunks) events.push(...splitter.pushContent(chunk));
  events.push(...splitter.flush());
  const joined = (type: "reasoning" | "content") =>
    events.filter((e) => e.type === type).map((e) => e.text).join("");
  return { events, reasoning: joined("reasoning"), content: joined("content"), result: splitter.result() };
}

describe("extractReasoning", () => {
  it("returns plain content as the answer with empty reasoning", () => {
    expect(extractReasoning({ content: "  [2]  " })).toEqual({ reasoning: "", answer: "[2]" });
  });

  it("splits a closed <think> block from the answer", () => {
    expect(extractReasoning({ content: "<think>\nThe user likes sci-fi.\n</think>\n\nsci-fi" })).toEqual({
      reasoning: "The user likes sci-fi.",
      answer: "sci-fi",
    });
  });

  it("treats an unclosed <think> as all reasoning and an empty answer", () => {
    expect(extractReasoning({ content: "<think>Let me see. Wait, maybe" })).toEqual({
      reasoning: "Let me see. Wait, maybe",
      answer: "",
    });
  });

  it("reads content that starts without <think> but contains </think> as pre-filled reasoning", () => {
    expect(extractReasoning({ content: "The profile mentions comedy.\n</think>\n\ncomedy" })).toEqual({
      reasoning: "The profile mentions comedy.",
      answer: "comedy",
    });
  });

  it("uses the reasoning_content field when the server split it out", () => {
    expect(extractReasoning({ content: "4", reasoningField: "Ratings average 4." })).toEqual({
      reasoning: "Ratings average 4.",
      answer: "4",
    });
  });

  it("does not read the answer as reasoning when startInsideThink is set but the server split the reasoning", () => {
    expect(extractReasoning({ content: "4", reasoningField: "thinking", startInsideThink: true })).toEqual({
      reasoning: "thinking",
      answer: "4",
    });
  });

  it("reads content as reasoning from the start when the prompt opened <think>", () => {
    expect(extractReasoning({ content: "still thinking", startInsideThink: true })).toEqual({
      reasoning: "still thinking",
      answer: "",
    });
  });

  it("keeps text before a think block as part of the answer and joins several blocks", () => {
    const split = splitThinkTags("Sure. <think>a</think> middle <think>b</think> end");
    expect(split.reasoning).toBe("a\nb");
    expect(split.answer).toBe("Sure.  middle  end");
    expect(split.endsInsideThink).toBe(false);
  });

  it("reports a text that ends inside an open block", () => {
    expect(splitThinkTags("<think>half a thought").endsInsideThink).toBe(true);
    expect(splitThinkTags("<think>done</think>x").endsInsideThink).toBe(false);
  });

  it("handles Qwen3's empty think block when thinking is off", () => {
    expect(extractReasoning({ content: "<think>\n\n</think>\n\nPositive" })).toEqual({ reasoning: "", answer: "Positive" });
  });
});

describe("extractContinuedReasoning", () => {
  it("joins the prefix reasoning and the continued reasoning into one trace", () => {
    const prefix = "<think>\nThe user rated drama 5. I should use the user's past items.";
    const split = extractContinuedReasoning(prefix, { content: " Item 2 is a drama.</think>\n5" });
    expect(split).toEqual({
      reasoning: "The user rated drama 5. I should use the user's past items. Item 2 is a drama.",
      answer: "5",
    });
  });

  it("takes continued reasoning from the reasoning field when the server parsed it", () => {
    const split = extractContinuedReasoning("<think>So far.", { content: "5", reasoningField: " Then more." });
    expect(split).toEqual({ reasoning: "So far. Then more.", answer: "5" });
  });

  it("continues an answer when the prefix already closed the reasoning", () => {
    const split = extractContinuedReasoning("<think>done</think>The answer is", { content: " [1]" });
    expect(split).toEqual({ reasoning: "done", answer: "The answer is [1]" });
  });
});

describe("ReasoningStreamSplitter", () => {
  it("labels deltas when the tags are split across chunks", () => {
    const run = runSplitter(["<thi", "nk>I think", " about it</th", "ink>\n\nThe ans", "wer"]);
    expect(run.reasoning).toBe("I think about it");
    expect(run.content).toBe("\n\nThe answer");
    expect(run.result).toEqual({ reasoning: "I think about it", answer: "The answer" });
    expect(run.events.every((e) => !e.text.includes("<") && !e.text.includes(">"))).toBe(true);
  });

  it("splits when every character is its own chunk", () => {
    const text = "<think>abc</think>xyz";
    const run = runSplitter([...text]);
    expect(run.reasoning).toBe("abc");
    expect(run.content).toBe("xyz");
  });

  it("releases a held-back '<' that never became a tag", () => {
    const run = runSplitter(["a <", "b"]);
    expect(run.content).toBe("a <b");
    const trailing = runSplitter(["rating <"]);
    expect(trailing.content).toBe("rating <");
  });

  it("streams an unclosed think block as reasoning only", () => {
    const run = runSplitter(["<think>wait", ", hmm"]);
    expect(run.reasoning).toBe("wait, hmm");
    expect(run.content).toBe("");
    expect(run.result).toEqual({ reasoning: "wait, hmm", answer: "" });
  });

  it("labels text as reasoning from the first chunk when the prompt opened <think>", () => {
    const run = runSplitter(["first thought", "</thi", "nk>answer"], { startInsideThink: true });
    expect(run.events).toEqual([
      { type: "reasoning", text: "first thought" },
      { type: "content", text: "answer" },
    ]);
  });

  it("corrects the final split for a bare </think> even though early deltas were labelled content", () => {
    const run = runSplitter(["pre-filled thought", " continues</think>", "final"]);
    expect(run.result).toEqual({ reasoning: "pre-filled thought continues", answer: "final" });
    expect(run.events[run.events.length - 1]).toEqual({ type: "content", text: "final" });
  });

  it("combines the reasoning field with content deltas", () => {
    const splitter = new ReasoningStreamSplitter({ startInsideThink: true });
    const events = [
      ...splitter.pushReasoningField("thinking "),
      ...splitter.pushReasoningField("hard"),
      ...splitter.pushContent("42"),
      ...splitter.flush(),
    ];
    expect(events).toEqual([
      { type: "reasoning", text: "thinking " },
      { type: "reasoning", text: "hard" },
      { type: "content", text: "42" },
    ]);
    expect(splitter.result()).toEqual({ reasoning: "thinking hard", answer: "42" });
  });
});
