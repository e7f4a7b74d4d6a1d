import type { PipelineGraphInput } from "../pipeline/graphSchema";

type NodeSpec = { id: string; kind: string; params?: Record<string, unknown>; x: number; y: number };
type EdgeSpec = [from: string, to: string];

/** Edges are written "node.port" -> "node.port"; positions lay the graph out left to right. */
function graph(nodes: NodeSpec[], edges: EdgeSpec[]): PipelineGraphInput {
  const ref = (s: string) => {
    const [node, port] = s.split(".");
    return { node, port };
  };
  return {
    schemaVersion: 1,
    nodes: nodes.map((n) => ({ id: n.id, kind: n.kind, version: 1, params: n.params ?? {}, position: { x: n.x, y: n.y } })),
    edges: edges.map(([from, to]) => ({ from: ref(from), to: ref(to) })),
  };
}

/**
 * The reasoning templates share their sampling (DeepSeek's advice for R1-family models is 0.5-0.7)
 * and token limit, so comparing them compares the method, not the settings.
 */
const MATCHED_TEMPERATURE = 0.6;
const MATCHED_MAX_TOKENS = 4096;

export type PipelineTemplate = { key: string; name: string; description: string; needsModel: boolean; graph: PipelineGraphInput };

type ModelPipeline = {
  /** Retriever params; absent = no profile. */
  retrieve?: Record<string, unknown>;
  prompt: Record<string, unknown>;
  /** The node producing the completion: generate, intervene, think-budget or self-reference. */
  generator: { id: string; kind: string; params?: Record<string, unknown>; needsExample: boolean };
};

/**
 * example -> [retrieve ->] prompt -> generator -> extract-answer -> score: the shape every model
 * template shares. Score also reads the items, the prompt and the completion for its signals.
 */
function modelPipeline({ retrieve, prompt, generator }: ModelPipeline): PipelineGraphInput {
  const g = generator.id;
  const x = (i: number) => i * 240;
  const nodes: NodeSpec[] = [{ id: "example", kind: "example", x: x(0), y: 100 }];
  const edges: EdgeSpec[] = [["example.example", "prompt.example"]];
  if (retrieve) {
    nodes.push({ id: "retrieve", kind: "retrieve", params: retrieve, x: x(1), y: 0 });
    edges.push(["example.example", "retrieve.example"], ["retrieve.items", "prompt.items"], ["retrieve.items", "score.items"]);
  }
  nodes.push(
    { id: "prompt", kind: "prompt", params: prompt, x: x(2), y: 100 },
    { id: g, kind: generator.kind, params: generator.params, x: x(3), y: 100 },
    { id: "extract", kind: "extract-answer", x: x(4), y: 100 },
    { id: "score", kind: "score", x: x(5), y: 100 },
  );
  if (generator.needsExample) edges.push(["example.example", `${g}.example`]);
  edges.push(
    ["prompt.messages", `${g}.messages`],
    ["example.example", "extract.example"],
    [`${g}.completion`, "extract.completion"],
    ["example.example", "score.example"],
    ["extract.answer", "score.answer"],
    ["prompt.messages", "score.messages"],
    [`${g}.completion`, "score.completion"],
  );
  return graph(nodes, edges);
}

const BM25_K4 = { method: "bm25", k: 4 };

export const PIPELINE_TEMPLATES: PipelineTemplate[] = [
  {
    key: "profile-baseline",
    name: "Profile baseline (no LLM)",
    description: "BM25 top-4 profile items and a non-LLM answer from them (majority label, mean score, nearest item's text). Runs offline.",
    needsModel: false,
    graph: graph(
      [
        { id: "example", kind: "example", x: 0, y: 100 },
        { id: "retrieve", kind: "retrieve", params: BM25_K4, x: 240, y: 100 },
        { id: "baseline", kind: "baseline", x: 480, y: 100 },
        { id: "score", kind: "score", x: 720, y: 100 },
      ],
      [
        ["example.example", "retrieve.example"],
        ["example.example", "baseline.example"],
        ["retrieve.items", "baseline.items"],
        ["example.example", "score.example"],
        ["baseline.answer", "score.answer"],
        ["retrieve.items", "score.items"],
      ],
    ),
  },
  {
    key: "lamp-no-profile",
    name: "LaMP baseline (no profile)",
    description: "The task input alone (LaMP's non-personalized baseline), one model call, answer extraction.",
    needsModel: true,
    graph: modelPipeline({ prompt: { template: "lamp-official" }, generator: { id: "generate", kind: "generate", needsExample: false } }),
  },
  {
    key: "rag-k4",
    name: "RAG k=4",
    description: "LaMP's official in-prompt augmentation: BM25 top-4 profile items, the official template with its 256-token budget, one model call.",
    needsModel: true,
    graph: modelPipeline({
      retrieve: BM25_K4,
      prompt: { template: "lamp-official" },
      generator: { id: "generate", kind: "generate", needsExample: false },
    }),
  },
  {
    key: "reasoning-vanilla",
    name: "Reasoning model, vanilla",
    description:
      "A large reasoning model thinking freely (BM25 top-4, one call): ReaPer's prompt without its stage instructions, at ReaPer's temperature and token limit, so that the two differ only in HRT, RPI and SRM. The setting where the paper finds divergent thinking and format misalignment.",
    needsModel: true,
    graph: modelPipeline({
      retrieve: BM25_K4,
      prompt: { template: "hrt", stageInstructions: false },
      generator: { id: "generate", kind: "generate", params: { maxTokens: MATCHED_MAX_TOKENS, temperature: MATCHED_TEMPERATURE }, needsExample: false },
    }),
  },
  {
    key: "reaper",
    name: "ReaPer (HRT + RPI + SRM)",
    description:
      "R2P / ReaPer: hierarchical reasoning template (requirement analysis -> profile synthesis -> response), reasoning-process intervention on every candidate, and self-referencing synthesis of 3 candidates.",
    needsModel: true,
    graph: modelPipeline({
      retrieve: BM25_K4,
      prompt: { template: "hrt" },
      generator: {
        id: "srm",
        kind: "self-reference",
        params: { candidates: 3, mode: "synthesize", useIntervention: true, maxTokens: MATCHED_MAX_TOKENS, temperature: MATCHED_TEMPERATURE },
        needsExample: true,
      },
    }),
  },
];

export function findTemplate(key: string): PipelineTemplate | undefined {
  return PIPELINE_TEMPLATES.find((t) => t.key === key);
}
