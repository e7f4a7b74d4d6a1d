import { describe, expect, it } from "vitest";
import { countChatPromptTokens, countTokens } from "../../../server/llm/tokenCount";

describe("tokenCount", () => {
  it("counts o200k_base tokens and zero for empty text", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello")).toBe(1);
    expect(countTokens("hello world, this is a test")).toBeGreaterThan(countTokens("hello world"));
  });

  it("adds per-message framing to chat prompts", () => {
    const oneMessage = countChatPromptTokens([{ role: "user", content: "hello" }]);
    expect(oneMessage).toBe(3 + 4 + 1);
    const twoMessages = countChatPromptTokens([
      { role: "system", content: "hello" },
      { role: "user", content: "hello" },
    ]);
    expect(twoMessages).toBe(oneMessage + 5);
  });
});
