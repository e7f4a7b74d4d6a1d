// In-prompt augmentation exactly as LaMP/prompts/prompts.py builds it (LAMP.md 2.6): one fragment
// per retrieved item, joined with ", and ", placed around the task input, with every item's long
// field cut to a token budget so the prompt fits `maxLength` tokens (FlanT5's 256 by default).
import { LampFormatError } from "./lampFormatError";
import { fieldText, type ProfileItem } from "./profileItem";
import { getPromptTokenizer, type PromptTokenizer, type PromptTokenizerName } from "./promptTokenizers";
import { addStringAfterTitle } from "./pythonText";
import type { TaskKey } from "./tasks";

type PromptTemplate = {
  /** The only field cut to the budget; titles, tags, categories and scores stay whole. */
  longField: string;
  /** `needed_part_len`: tokens of the item's fixed text, counted with the long field left out. */
  overhead(item: ProfileItem, tok: PromptTokenizer): number;
  fragment(item: ProfileItem, longText: string): string;
  /** Tokens set aside for a fixed phrase before the per-item split (LaMP-5, LaMP-7). */
  reservedPhrase?: string;
  /** Every budget but LaMP-1's subtracts one more token (the ". " joint). */
  subtractOne: boolean;
  assemble(input: string, fragments: string[]): string;
};

const f = fieldText;
const JOINER = ", and ";
const prefixed = (input: string, fragments: string[]) => `${fragments.join(JOINER)}. ${input}`;

// The overhead strings are copied from prompts.py as they are, including their quirks: LaMP-5
// counts '"{title}" is a title " " ' (no "for") and LaMP-7 reserves "are written by user.
// Following the given patterns" while it writes "are written by a person.".
const TEMPLATES: Record<TaskKey, PromptTemplate> = {
  "LaMP-1": {
    longField: "title",
    overhead: () => 2,
    fragment: (_item, title) => `"${title}"`,
    subtractOne: false,
    assemble: (input, fragments) => addStringAfterTitle(input, fragments.join(JOINER)),
  },
  "LaMP-2": {
    longField: "description",
    overhead: (p, tok) => tok.count(`the tag for the movie: " " is "${f(p, "tag")}" `),
    fragment: (p, description) => `the tag for the movie: "${description}" is "${f(p, "tag")}" `,
    subtractOne: true,
    assemble: prefixed,
  },
  "LaMP-2N": {
    longField: "text",
    overhead: (p, tok) => tok.count(`the category for the article: " " is "${f(p, "category")}" `),
    fragment: (p, text) => `the category for the article: "${text}" is "${f(p, "category")}" `,
    subtractOne: true,
    assemble: prefixed,
  },
  "LaMP-3": {
    longField: "text",
    overhead: (p, tok) => tok.count(`${f(p, "score")} is the score for " " `),
    fragment: (p, text) => `${f(p, "score")} is the score for "${text}" `,
    subtractOne: true,
    assemble: prefixed,
  },
  "LaMP-4": {
    longField: "text",
    overhead: (p, tok) => tok.count(`"${f(p, "title")}" is the title for " " `),
    fragment: (p, text) => `"${f(p, "title")}" is the title for "${text}" `,
    subtractOne: true,
    assemble: prefixed,
  },
  "LaMP-5": {
    longField: "abstract",
    overhead: (p, tok) => tok.count(`"${f(p, "title")}" is a title " " `),
    fragment: (p, abstract) => `"${f(p, "title")}" is a title for "${abstract}" `,
    reservedPhrase: "Following the given patterns",
    subtractOne: true,
    assemble: (input, fragments) => `${fragments.join(JOINER)}. Following the given patterns ${input}`,
  },
  "LaMP-6": {
    longField: "text",
    overhead: (p, tok) => tok.count(`"${f(p, "title")}" is the title for " " `),
    fragment: (p, text) => `"${f(p, "title")}" is the title for "${text}" `,
    subtractOne: true,
    assemble: prefixed,
  },
  "LaMP-7": {
    longField: "text",
    overhead: (_p, tok) => tok.count(`"" `),
    fragment: (_p, text) => `"${text}" `,
    reservedPhrase: "are written by user. Following the given patterns",
    subtractOne: true,
    assemble: (input, fragments) => `${fragments.join(JOINER)} are written by a person. Following the given patterns ${input}`,
  },
};

export const DEFAULT_PROMPT_MAX_LENGTH = 256;

export type OfficialPromptOptions = {
  /** Token budget of the whole prompt; the official scripts use 256. */
  maxLength?: number;
  /** Default "whitespace"; "none" keeps every item whole. */
  tokenizer?: PromptTokenizerName | PromptTokenizer;
};

export type PromptItemReport = {
  id: string | number;
  tokensKept: number;
  tokensTotal: number;
  truncated: boolean;
  /** The item's fragment as the prompt shows it (after truncation). */
  shown: string;
};

export type OfficialPromptResult = {
  prompt: string;
  /** False when the profile could not be fitted and the bare input came back (as officially). */
  profileIncluded: boolean;
  /** The factor of the attempt that fitted (0.6, then 0.5, ...); null without a budget. */
  factor: number | null;
  /** `max_len_prompt` and the per-item budget of that attempt; null without a budget. */
  profileBudget: number | null;
  perItemBudget: number | null;
  items: PromptItemReport[];
};

/** The task input alone, with no profile: the studio's k = 0 / non-personalised baseline. */
export function buildRawInputPrompt(input: string): string {
  return input;
}

export function buildOfficialPrompt(
  task: TaskKey,
  input: string,
  items: readonly ProfileItem[],
  opts: OfficialPromptOptions = {},
): string {
  return buildOfficialPromptDetailed(task, input, items, opts).prompt;
}

/**
 * The official prompt plus how the budget was spent. Mirrors `create_prompt_generator.prompt`:
 * `max_len_prompt = max_length - min(len(tok(inp)), int(factor * max_length))` with factor 0.6;
 * when an item's budget goes negative (HF's fast tokenizer raises on a negative max_length) the
 * factor drops by 0.1 and everything is rebuilt; below 0 the bare input is returned. With no
 * items the official code divides by zero on every attempt and so also returns the bare input.
 */
export function buildOfficialPromptDetailed(
  task: TaskKey,
  input: string,
  items: readonly ProfileItem[],
  opts: OfficialPromptOptions = {},
): OfficialPromptResult {
  const template = TEMPLATES[task];
  if (!template) throw new LampFormatError(`No official prompt template for task "${String(task)}"`);
  const maxLength = opts.maxLength ?? DEFAULT_PROMPT_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength <= 0) {
    throw new LampFormatError(`maxLength must be a positive integer, found ${maxLength}`);
  }
  const bare: OfficialPromptResult = {
    prompt: input,
    profileIncluded: false,
    factor: null,
    profileBudget: null,
    perItemBudget: null,
    items: [],
  };
  if (items.length === 0) return bare;

  const tokenizer = opts.tokenizer ?? "whitespace";
  if (tokenizer === "none") {
    const fragments = items.map((item) => template.fragment(item, f(item, template.longField)));
    const prompt = template.assemble(input, fragments);
    return { ...bare, prompt, profileIncluded: prompt !== input };
  }
  const tok = typeof tokenizer === "string" ? getPromptTokenizer(tokenizer) : tokenizer;

  const inputTokens = tok.count(input);
  // Python float arithmetic, kept as is: 0.6, 0.5, 0.4, 0.30000000000000004, ..., 2.8e-17.
  for (let factor = 0.6; factor >= 0; factor -= 0.1) {
    const profileBudget = maxLength - Math.min(inputTokens, Math.trunc(factor * maxLength));
    const filled = fillTemplate(template, input, items, profileBudget, tok);
    if (filled) {
      return {
        prompt: filled.prompt,
        profileIncluded: filled.prompt !== input,
        factor,
        profileBudget,
        perItemBudget: filled.perItemBudget,
        items: filled.items,
      };
    }
  }
  return bare;
}

function fillTemplate(
  template: PromptTemplate,
  input: string,
  items: readonly ProfileItem[],
  profileBudget: number,
  tok: PromptTokenizer,
): { prompt: string; perItemBudget: number; items: PromptItemReport[] } | null {
  const k = items.length;
  const reserved = template.reservedPhrase ? tok.count(template.reservedPhrase) : 0;
  const perItemBudget = Math.floor((profileBudget - (template.subtractOne ? 1 : 0) - 2 * (k - 1) - reserved) / k);
  let saved = 0;
  const fragments: string[] = [];
  const reports: PromptItemReport[] = [];
  for (const item of items) {
    const needed = template.overhead(item, tok);
    const budget = perItemBudget + saved - needed;
    if (budget < 0) return null;
    const cut = tok.truncate(f(item, template.longField), budget);
    // Tokens an item does not use pass on to the next items.
    saved += perItemBudget - cut.tokens - needed;
    const fragment = template.fragment(item, cut.text);
    fragments.push(fragment);
    reports.push({ id: item.id, tokensKept: cut.tokens, tokensTotal: cut.totalTokens, truncated: cut.tokens < cut.totalTokens, shown: fragment });
  }
  return { prompt: template.assemble(input, fragments), perItemBudget, items: reports };
}
