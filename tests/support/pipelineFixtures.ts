/**
 * Small building blocks for node and pipeline tests: hand-written LaMP-shaped examples, retrieved
 * items, a node context, node runners that parse params the way the executor does, and endpoints
 * pointing at the fake OpenAI-compatible server.
 */
import type { z } from "zod";
import type { NodeDefinition, NodeInputs, NodeOutputs } from "../../server/pipeline/nodeDefinition";
import type { PortSpec } from "../../server/pipeline/portTypes";
import type { NodeContext, NodeEvent, PipelineExample, ProfileItem } from "../../server/pipeline/nodeContext";
import type { NodeServices } from "../../server/pipeline/nodeServices";
import type { RetrievedProfileItem } from "../../server/pipeline/portValues";
import type { PipelineGraphInput } from "../../server/pipeline/graphSchema";
import { parseEndpointConfig, type EndpointConfigInput } from "../../server/llm/endpointConfig";
import type { EndpointConfig } from "../../server/llm/types";
import { LAMP2_NEWS_LABELS } from "../../server/lamp/officialLabels";

export function makeExample(task: string, input: string, profile: ProfileItem[], exampleId = "ex-1"): PipelineExample {
  return { id: `db-${exampleId}`, exampleId, task, input, profile };
}

/** A LaMP-2N (news categorization) input in the official wording, with the official label list. */
export function newsInput(article: string): string {
  return (
    "Which category does this article relate to among the following categories? Just answer with the category name " +
    `without further explanation. categories: [${LAMP2_NEWS_LABELS.join(", ")}] article: ${article}`
  );
}

/** A LaMP-1 input in the official wording. */
export function citationInput(title: string, ref1: string, ref2: string): string {
  return (
    `For an author who has written the paper with the title "${title}", which reference is related? ` +
    `Just answer with [1] or [2] without explanation. [1]: "${ref1}" [2]: "${ref2}"`
  );
}

export const NEWS_PROFILE: ProfileItem[] = [
  { id: "n1", title: "Senate passes budget", text: "The senate voted on the federal budget bill late on Tuesday.", category: "politics" },
  { id: "n2", title: "Cup final tonight", text: "The two clubs meet in the cup final at the national stadium.", category: "sports" },
  { id: "n3", title: "Governor signs law", text: "The governor signed the election law after a long debate.", category: "politics" },
];

export const NEWS_EXAMPLE = makeExample("LaMP-2N", newsInput("Lawmakers debate the new budget bill in the senate."), NEWS_PROFILE, "news-1");

/**
 * Retrieved items in the order given: rank i+1, index = position in `profile` (or i), corpus text
 * from `text` (default: every string field but id, joined by a space).
 */
export function retrievedItems(items: ProfileItem[], opts: { profile?: ProfileItem[]; text?: (item: ProfileItem) => string } = {}): RetrievedProfileItem[] {
  const text =
    opts.text ??
    ((item: ProfileItem) =>
      Object.entries(item)
        .filter(([k, v]) => k !== "id" && typeof v === "string")
        .map(([, v]) => v as string)
        .join(" "));
  return items.map((item, i) => ({
    id: String(item.id),
    index: opts.profile ? opts.profile.indexOf(item) : i,
    rank: i + 1,
    score: null,
    text: text(item),
    item,
  }));
}

/** Services for nodes that must not call a model or an embeddings endpoint. */
export const noServices: NodeServices = {
  llm(name) {
    throw new Error(`test: no LLM expected (asked for "${name}")`);
  },
  embeddings(name) {
    throw new Error(`test: no embeddings expected (asked for "${name}")`);
  },
};

export function nodeContext(opts: {
  example: PipelineExample;
  services?: NodeServices;
  seed?: number;
  gold?: string | null;
  signal?: AbortSignal;
  nodeId?: string;
  events?: NodeEvent[];
}): NodeContext {
  return {
    nodeId: opts.nodeId ?? "node",
    example: opts.example,
    gold: opts.gold,
    services: opts.services ?? noServices,
    signal: opts.signal ?? new AbortController().signal,
    seed: opts.seed ?? 0,
    emit: (event) => opts.events?.push(event),
  };
}

/** Runs one node as the executor would: params through the node's zod schema (defaults filled). */
export async function runNode<TInputs extends readonly PortSpec[], TOutputs extends readonly PortSpec[], TParams extends z.ZodType>(
  definition: NodeDefinition<TInputs, TOutputs, TParams>,
  inputs: NodeInputs<TInputs>,
  params: Record<string, unknown>,
  ctx: NodeContext,
): Promise<NodeOutputs<TOutputs>> {
  return definition.run(inputs, definition.params.parse(params), ctx);
}

/** The fake server as the run's "default" endpoint (vLLM-style continuation unless overridden). */
export function fakeEndpoint(baseUrl: string, overrides: Partial<EndpointConfigInput> = {}): EndpointConfig {
  return parseEndpointConfig({
    name: "default",
    provider: "openai-compatible",
    baseUrl,
    model: "fake-model",
    continuation: "vllm",
    maxRetries: 2,
    timeoutMs: 2000,
    maxConcurrency: 4,
    ...overrides,
  });
}

type NodeSpec = { id: string; kind: string; params?: Record<string, unknown> };

/** A graph document from nodes and "node.port" -> "node.port" edges. */
export function pipelineGraph(nodes: NodeSpec[], edges: [string, string][]): PipelineGraphInput {
  const ref = (s: string) => {
    const [node, port] = s.split(".");
    return { node, port };
  };
  return {
    schemaVersion: 1,
    nodes: nodes.map((n, i) => ({ id: n.id, kind: n.kind, version: 1, params: n.params ?? {}, position: { x: i * 200, y: 0 } })),
    edges: edges.map(([from, to]) => ({ from: ref(from), to: ref(to) })),
  };
}

/**
 * example -> prompt -> <model node> -> extract -> score, the smallest runnable model pipeline.
 * `model` is the kind and params of the node producing the completion (generate, intervene, ...).
 */
export function modelPipeline(model: { kind: string; params?: Record<string, unknown> }, promptParams: Record<string, unknown> = {}): PipelineGraphInput {
  const needsExample = model.kind !== "generate";
  return pipelineGraph(
    [
      { id: "example", kind: "example" },
      { id: "prompt", kind: "prompt", params: promptParams },
      { id: "model", kind: model.kind, params: model.params },
      { id: "extract", kind: "extract-answer" },
      { id: "score", kind: "score" },
    ],
    [
      ["example.example", "prompt.example"],
      ["prompt.messages", "model.messages"],
      ...(needsExample ? ([["example.example", "model.example"]] as [string, string][]) : []),
      ["example.example", "extract.example"],
      ["model.completion", "extract.completion"],
      ["example.example", "score.example"],
      ["extract.answer", "score.answer"],
      ["prompt.messages", "score.messages"],
      ["model.completion", "score.completion"],
    ],
  );
}
