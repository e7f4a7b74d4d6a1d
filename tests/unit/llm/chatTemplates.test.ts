import { describe, expect, it } from "vitest";
import { detectRawPromptTemplate, renderRawPrompt } from "../../../server/llm/chatTemplates";
import type { ChatMessage } from "../../../server/llm/types";

const conversation: ChatMessage[] = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "Rate it." },
];

describe("renderRawPrompt", () => {
  it("renders ChatML with the assistant turn left open", () => {
    const rendered = renderRawPrompt("chatml", conversation, "<think>\nhalf");
    expect(rendered.prompt).toBe(
      "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nRate it.<|im_end|>\n<|im_start|>assistant\n<think>\nhalf",
    );
    expect(rendered.stop).toContain("<|im_end|>");
    expect(rendered.startsInsideThink).toBe(true);
  });

  it("strips reasoning from earlier assistant turns in Qwen3 but not in plain ChatML", () => {
    const history: ChatMessage[] = [
      { role: "user", content: "a" },
      { role: "assistant", content: "<think>secret</think>shown" },
      { role: "user", content: "b" },
    ];
    expect(renderRawPrompt("qwen3", history).prompt).toContain("<|im_start|>assistant\nshown<|im_end|>");
    expect(renderRawPrompt("qwen3", history).prompt).not.toContain("secret");
    expect(renderRawPrompt("chatml", history).prompt).toContain("secret");
  });

  it("renders DeepSeek-R1 with system text first and opens <think> for a fresh turn", () => {
    const fresh = renderRawPrompt("deepseek-r1", conversation);
    expect(fresh.prompt).toBe("You are terse.<\uFF5CUser\uFF5C>Rate it.<\uFF5CAssistant\uFF5C><think>\n");
    expect(fresh.assistantPrefill).toBe("<think>\n");
    expect(fresh.startsInsideThink).toBe(true);
    const continued = renderRawPrompt("deepseek-r1", conversation, "<think>\nso far");
    expect(continued.prompt.endsWith("<\uFF5CAssistant\uFF5C><think>\nso far")).toBe(true);
    expect(continued.prompt.match(/<think>/g)).toHaveLength(1);
  });

  it("knows when the prefix already closed the reasoning", () => {
    expect(renderRawPrompt("chatml", conversation, "<think>done</think>The answer is").startsInsideThink).toBe(false);
  });

  it("renders a plain transcript for models without a chat template", () => {
    expect(renderRawPrompt("plain", conversation).prompt).toBe("System: You are terse.\n\nUser: Rate it.\n\nAssistant: ");
  });

  it("rejects a conversation that ends with an assistant message and unknown template names", () => {
    expect(() => renderRawPrompt("chatml", [...conversation, { role: "assistant", content: "x" }])).toThrow(/assistantPrefix/);
    expect(() => renderRawPrompt("llama9" as never, conversation)).toThrow(/Unknown raw prompt template "llama9"/);
  });
});

describe("detectRawPromptTemplate", () => {
  it("recognises DeepSeek, Qwen3 and ChatML Jinja templates", () => {
    expect(detectRawPromptTemplate("{{'<\uFF5CAssistant\uFF5C>'}}")).toBe("deepseek-r1");
    expect(detectRawPromptTemplate("<|im_start|>{{ '<think>' }}")).toBe("qwen3");
    expect(detectRawPromptTemplate("<|im_start|>assistant")).toBe("chatml");
    expect(detectRawPromptTemplate("[INST]")).toBeNull();
    expect(detectRawPromptTemplate(undefined)).toBeNull();
  });
});
