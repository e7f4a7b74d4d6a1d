import { parseArgs } from "node:util";
import { openDatabase } from "../../server/db/client";
import { DEFAULT_PROMPT_MAX_LENGTH } from "../../server/lamp/officialPrompt";
import { loadExample, previewOfficialPrompt } from "../../server/lamp/previewPrompt";
import { PROMPT_TOKENIZER_NAMES, type PromptTokenizerName } from "../../server/lamp/promptTokenizers";
import { RETRIEVAL_METHODS, type RetrievalMethod } from "../../server/retrieval/retrieve";

export const description = "Show the retrieved profile items and the official LaMP prompt for one example";

const USAGE = `Usage:
  npm run cli -- prompt --dataset NAME --example ID [options]

Options:
  --retriever METHOD   ${RETRIEVAL_METHODS.join(" | ")} (default bm25)
  --k N                items to retrieve (default 4; 0 = the bare input)
  --max-length N       prompt token budget (default ${DEFAULT_PROMPT_MAX_LENGTH}, as the official scripts)
  --tokenizer NAME     ${PROMPT_TOKENIZER_NAMES.join(" | ")} (default whitespace; FlanT5's own is not available offline)
  --seed N             seed for the random retriever (default 0)
  --embed-url URL      dense: OpenAI-compatible base URL serving /embeddings
  --embed-model NAME   dense: embedding model name
Uses DATABASE_URL like the studio.`;

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: "string" },
      example: { type: "string" },
      retriever: { type: "string", default: "bm25" },
      k: { type: "string" },
      "max-length": { type: "string" },
      tokenizer: { type: "string", default: "whitespace" },
      seed: { type: "string" },
      "embed-url": { type: "string" },
      "embed-model": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.dataset || !values.example) {
    console.error(`--dataset and --example are required.\n\n${USAGE}`);
    return 2;
  }
  const method = values.retriever as RetrievalMethod;
  if (!RETRIEVAL_METHODS.includes(method)) {
    console.error(`--retriever must be one of ${RETRIEVAL_METHODS.join(", ")}.`);
    return 2;
  }
  const tokenizer = values.tokenizer as PromptTokenizerName;
  if (!PROMPT_TOKENIZER_NAMES.includes(tokenizer)) {
    console.error(`--tokenizer must be one of ${PROMPT_TOKENIZER_NAMES.join(", ")}.`);
    return 2;
  }
  if (method === "dense" && (!values["embed-url"] || !values["embed-model"])) {
    console.error("--retriever dense needs --embed-url and --embed-model.");
    return 2;
  }
  const k = intOption(values.k, "k", 4);
  const maxLength = intOption(values["max-length"], "max-length", DEFAULT_PROMPT_MAX_LENGTH);
  const seed = intOption(values.seed, "seed", 0);

  const db = openDatabase();
  try {
    const example = await loadExample(db, { name: values.dataset }, values.example);
    const preview = await previewOfficialPrompt(
      example,
      {
        method,
        k,
        seed,
        dense: method === "dense" ? { baseURL: values["embed-url"] as string, model: values["embed-model"] as string } : undefined,
      },
      { maxLength, tokenizer },
    );
    console.log(`${example.task} example ${example.exampleId}: ${example.profile.length} profile items; gold: ${example.gold === null ? "(none)" : JSON.stringify(example.gold)}`);
    if (preview.query !== null) console.log(`Query: ${clip(preview.query, 300)}`);
    console.log(`\nRetrieved (${method}, k=${k}): ${preview.retrieved.length} item(s)`);
    preview.retrieved.forEach((r, i) => {
      const budget = preview.prompt.items[i];
      const cut = budget ? ` tokens ${budget.tokensKept}/${budget.tokensTotal}${budget.truncated ? " (cut)" : ""}` : "";
      const score = r.score === null ? "" : ` score ${r.score.toFixed(4)}`;
      console.log(`  ${r.rank}. id ${String(r.item.id)}${score}${cut}: ${clip(r.corpusText)}`);
    });
    const p = preview.prompt;
    const budgetLine =
      p.factor === null
        ? "no profile budget applied"
        : `factor ${p.factor}, profile budget ${p.profileBudget}, per item ${p.perItemBudget} (${tokenizer} tokens, max ${maxLength})`;
    console.log(`\nPrompt (${p.profileIncluded ? "with profile" : "bare input"}; ${budgetLine}):\n`);
    console.log(p.prompt);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
