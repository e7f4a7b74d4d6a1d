import { z } from "zod";
import { buildOfficialPromptDetailed, DEFAULT_PROMPT_MAX_LENGTH } from "../lamp/officialPrompt";
import { PROMPT_TOKENIZER_NAMES } from "../lamp/promptTokenizers";
import type { MessagesValue } from "../pipeline/portValues";
import { defineNode } from "./defineNode";
import { MAX_TOKEN_COUNT } from "./generationParams";
import { describeOutputFormat, taskOf } from "./taskOf";
import { profileItemLines, renderProfileItems } from "./profileItemText";
import {
  chatMessages,
  DEFAULT_HRT_STAGES,
  DEFAULT_HRT_SYSTEM,
  DEFAULT_HRT_SYSTEM_WITHOUT_STAGES,
  DEFAULT_HRT_USER,
  DEFAULT_RAG_SYSTEM,
  DEFAULT_RAG_USER,
  fillTemplate,
  templateText,
  type TemplateVariables,
} from "./promptTemplates";

const params = z.object({
  template: z
    .enum(["lamp-official", "rag-chat", "hrt", "custom"])
    .default("lamp-official")
    .describe(
      "lamp-official: LaMP's in-prompt augmentation with its token budget, as one user message; rag-chat: items listed in a chat prompt; hrt: ReaPer's hierarchical reasoning template; custom: your own texts.",
    ),
  maxLength: z
    .number()
    .int()
    .min(16)
    .max(MAX_TOKEN_COUNT)
    .default(DEFAULT_PROMPT_MAX_LENGTH)
    .describe("lamp-official: token budget of the whole prompt (official default 256)."),
  tokenizer: z
    .enum(PROMPT_TOKENIZER_NAMES)
    .default("whitespace")
    .describe("lamp-official: tokenizer for the budget (FlanT5's is not available offline); none = no truncation."),
  systemText: templateText("rag-chat / hrt / custom: system message (empty = none).").optional(),
  userText: templateText("rag-chat / hrt / custom: user message.").optional(),
  stageHeaders: z
    .array(z.string().min(1).max(200))
    .length(3)
    .default([...DEFAULT_HRT_STAGES])
    .describe("hrt: the three stage headers, in order (requirement analysis, profile synthesis, response)."),
  stageInstructions: z
    .boolean()
    .default(true)
    .describe(
      "hrt: include the stage instructions. Off = the same prompt without them (the 'without HRT' ablation); only with the default instruction text.",
    ),
  prefillThink: z
    .boolean()
    .default(false)
    .describe("hrt: open the assistant turn with '<think>' and the first stage header (needs an endpoint that can continue a turn)."),
  maxItemChars: z.number().int().min(20).max(1_000_000).default(600).describe("rag-chat / hrt / custom: longest text shown per item field."),
  instructionTurn: z
    .enum(["system", "user"])
    .optional()
    .describe(
      "rag-chat / hrt / custom: where the instruction text goes: its own system message, or the start of the user message. Default: user for hrt (DeepSeek's advice for R1-family models), system otherwise.",
    ),
})
  // Settings that would fail every example are refused with the graph, not on each item.
  .superRefine((p, ctx) => {
    if (p.template === "custom" && p.userText === undefined) {
      ctx.addIssue({ code: "custom", path: ["userText"], message: 'the custom template needs a user text (parameter "userText")' });
    }
    if (p.template === "hrt" && !p.stageInstructions && p.systemText !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["stageInstructions"],
        message: '"stageInstructions: false" removes the stages from the default HRT instruction; with your own systemText, edit the text instead',
      });
    }
  });

export const promptNode = defineNode({
  kind: "prompt",
  version: 1,
  title: "Prompt",
  category: "reasoning-template",
  description:
    "Builds the messages for the model: LaMP's official template, a plain RAG chat template, ReaPer's hierarchical reasoning template (HRT: requirement analysis -> user-profile synthesis -> response), or custom text with {{variables}}.",
  inputs: [
    { name: "example", type: "example", description: "The example to answer." },
    { name: "items", type: "items", description: "Retrieved profile items (leave unconnected for no profile).", optional: true },
  ],
  outputs: [{ name: "messages", type: "messages", description: "Chat messages, plus HRT stage headers for later checks." }],
  params,
  async run(inputs, p) {
    const { example, items } = inputs;
    const retrieved = items?.items ?? [];
    const task = taskOf(example);
    const profileItems = retrieved.map((r) => r.item);

    if (p.template === "lamp-official") {
      const built = buildOfficialPromptDetailed(task.key, example.input, profileItems, {
        maxLength: p.maxLength,
        tokenizer: p.tokenizer,
      });
      // What the model was shown of each item: the truncated fragments (all of it without a tokenizer).
      const shownItems = !built.profileIncluded
        ? []
        : p.tokenizer === "none"
          ? retrieved.map((r) => ({ id: r.id, text: r.text }))
          : built.items.map((report, i) => ({ id: retrieved[i]!.id, text: report.shown }));
      const value: MessagesValue = {
        messages: [{ role: "user", content: built.prompt }],
        template: p.template,
        stageHeaders: [],
        shownItems,
        instruction: "",
      };
      return { messages: value };
    }

    const [stage1, stage2, stage3] = p.stageHeaders;
    const lines = profileItemLines(task.key, profileItems, p.maxItemChars);
    const vars: TemplateVariables = {
      input: example.input,
      profile: renderProfileItems(lines),
      format: describeOutputFormat(task),
      labels: task.output.kind === "label" ? task.output.labels.join(", ") : "",
      task: task.title,
      k: String(profileItems.length),
      query: items?.query ?? "",
      stage1,
      stage2,
      stage3,
    };
    const staged = p.template === "hrt" && p.stageInstructions;
    const defaults =
      p.template === "hrt"
        ? { system: staged ? DEFAULT_HRT_SYSTEM : DEFAULT_HRT_SYSTEM_WITHOUT_STAGES, user: DEFAULT_HRT_USER }
        : { system: DEFAULT_RAG_SYSTEM, user: DEFAULT_RAG_USER };
    const turn = p.instructionTurn ?? (p.template === "hrt" ? "user" : "system");
    const instruction = fillTemplate(p.systemText ?? defaults.system, vars).trim();
    const value: MessagesValue = {
      messages: chatMessages(instruction, fillTemplate(p.userText ?? defaults.user, vars), turn),
      template: p.template,
      stageHeaders: staged ? [...p.stageHeaders] : [],
      assistantPrefix: staged && p.prefillThink ? fillTemplate("<think>\n{{stage1}}:", vars) : undefined,
      shownItems: retrieved.map((r, i) => ({ id: r.id, text: lines[i]! })),
      instruction,
    };
    return { messages: value };
  },
});
