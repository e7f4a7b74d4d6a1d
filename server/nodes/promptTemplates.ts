import { z } from "zod";
import type { ChatMessage } from "../llm/types";

/**
 * Template texts for the prompt node. Every text is a node parameter; these are defaults.
 * Variables: {{input}} task input, {{profile}} numbered retrieved items, {{format}} the allowed
 * output, {{labels}} the label list (label tasks), {{task}} task title, {{k}} number of items,
 * {{query}} the retrieval query, and {{stage1}}..{{stage3}} the HRT stage headers.
 */
export const TEMPLATE_VARIABLES = ["input", "profile", "format", "labels", "task", "k", "query", "stage1", "stage2", "stage3"] as const;
export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

export const DEFAULT_RAG_SYSTEM =
  "You personalize answers for a specific user. Use the user's past items to match their preferences and style. Reply with {{format}}.";
export const DEFAULT_RAG_USER = "Past items of this user:\n{{profile}}\n\n{{input}}";

export const DEFAULT_HRT_STAGES = [
  "Stage 1 - Requirement analysis",
  "Stage 2 - User profile synthesis",
  "Stage 3 - Response generation",
] as const;

// The paper's HRT text is not public (LAMP.md 1.4); this follows its three published stages. The
// intro and the closing line are the prompt without its stage instructions (the "without HRT"
// ablation and the vanilla template), so the two differ only in the stages.
const HRT_INTRO = "You personalize answers for a specific user.";
const HRT_STAGES = [
  "Think in exactly three stages, in this order, each starting with its header on its own line:",
  "{{stage1}}: state what the task asks and the only allowed output format ({{format}}).",
  "{{stage2}}: summarize what the user's past items reveal about their preferences and style, citing items by number like [2].",
  "{{stage3}}: decide the answer this user would give, consistent with the profile and the allowed format.",
  "Keep each stage short and do not revisit earlier stages.",
].join("\n");
const HRT_OUTRO = "After thinking, output only the final answer in the allowed format ({{format}}), with no explanation.";
export const DEFAULT_HRT_SYSTEM = [`${HRT_INTRO} ${HRT_STAGES.split("\n")[0]}`, ...HRT_STAGES.split("\n").slice(1), HRT_OUTRO].join("\n");
/** The HRT instruction without its stage instructions. */
export const DEFAULT_HRT_SYSTEM_WITHOUT_STAGES = `${HRT_INTRO} ${HRT_OUTRO}`;
export const DEFAULT_HRT_USER = "Past items of this user:\n{{profile}}\n\nTask: {{input}}";

const VARIABLE = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

export function templateVariablesUsed(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1]);
}

/** For param schemas: a template may only use known variables. */
export const templateText = (description: string) =>
  z
    .string()
    .describe(description)
    .superRefine((text, ctx) => {
      const unknown = templateVariablesUsed(text).filter((v) => !(TEMPLATE_VARIABLES as readonly string[]).includes(v));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `unknown template variable ${unknown.map((v) => `{{${v}}}`).join(", ")}; known: ${TEMPLATE_VARIABLES.join(", ")}`,
        });
      }
    });

export function fillTemplate(template: string, vars: TemplateVariables): string {
  return template.replace(VARIABLE, (_m, name: string) => vars[name as keyof TemplateVariables] ?? "");
}

/**
 * The chat messages of a filled template: the instruction as a system message, or (turn "user") at
 * the start of the single user message, so roles never repeat.
 */
export function chatMessages(instruction: string, user: string, turn: "system" | "user" = "system"): ChatMessage[] {
  if (instruction === "") return [{ role: "user", content: user }];
  if (turn === "user") return [{ role: "user", content: `${instruction}\n\n${user}` }];
  return [
    { role: "system", content: instruction },
    { role: "user", content: user },
  ];
}

/**
 * The messages with `text` added as the user's next words: appended to the last message when it is
 * the user's (APIs such as DeepSeek's refuse two user messages in a row), else as a new user message.
 */
export function withUserText(messages: readonly ChatMessage[], text: string): ChatMessage[] {
  const last = messages[messages.length - 1];
  if (last?.role === "user") return [...messages.slice(0, -1), { role: "user", content: `${last.content}\n\n${text}` }];
  return [...messages, { role: "user", content: text }];
}
