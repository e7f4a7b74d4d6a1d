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

export type PipelineTemplate = { key: string; name: string; description: string; needsModel: boolean; graph: PipelineGraphInput };

const scoreEdges = (answerFrom: string, extra: EdgeSpec[] = []): EdgeSpec[] => [
  ["example.example", "score.example"],
  [answerFrom, "score.answer"],
  ...extra,
];

export const PIPELINE_TEMPLATES: PipelineTemplate[] = [
  {
    key: "profile-baseline",
    name: "Profile baseline (no LLM)",
    description: "BM25 top-4 profile items and a non-LLM answer from them (majority label, mean score, nearest item's text). Runs offline.",
    needsModel: false,
    graph: graph(
      [
        { id: "example", kind: "example", x: 0, y: 100 },
        { id: "retrieve", kind: "retrieve", params: { method: "bm25", k: 4 }, x: 260, y: 100 },
        { id: "baseline", kind: "baseline", x: 520, y: 100 },
        { id: "score", kind: "score", x: 780, y: 100 },
      ],
      [
        ["example.example", "retrieve.example"],
        ["example.example", "baseline.example"],
        ["retrieve.items", "baseline.items"],
        ...scoreEdges("baseline.answer", [["retrieve.items", "score.items"]]),
      ],
    ),
  },
  {
    key: "lamp-no-profile",
    name: "LaMP baseline (no profile)",
    description: "The task input alone (LaMP's non-personalized baseline), one model call, answer extraction.",
    needsModel: true,
    graph: graph(
      [
        { id: "example", kind: "example", x: 0, y: 100 },
        { id: "prompt", kind: "prompt", params: { template: "lamp-official" }, x: 260, y: 100 },
        { id: "generate", kind: "generate", x: 520, y: 100 },
        { id: "extract", kind: "extract-answer", x: 780, y: 100 },
        { id: "score", kind: "score", x: 1040, y: 100 },
      ],
      [
        ["example.example", "prompt.example"],
        ["prompt.messages", "generate.messages"],
        ["example.example", "extract.example"],
        ["generate.completion", "extract.completion"],
        ...scoreEdges("extract.answer", [
          ["prompt.messages", "score.messages"],
          ["generate.completion", "score.completion"],
        ]),
      ],
    ),
  },
  {
    key: "rag-k4",
    name: "RAG k=4",
    description: "LaMP's official in-prompt augmentation: BM25 top-4 profile items, the official template with its 256-token budget, one model call.",
    needsModel: true,
    graph: graph(
      [
        { id: "example", kind: "example", x: 0, y: 100 },
        { id: "retrieve", kind: "retrieve", params: { method: "bm25", k: 4 }, x: 240, y: 0 },
        { id: "prompt", kind: "prompt", params: { template: "lamp-official" }, x: 480, y: 100 },
        { id: "generate", kind: "generate", x: 720, y: 100 },
        { id: "extract", kind: "extract-answer", x: 960, y: 100 },
        { id: "score", kind: "score", x: 1200, y: 100 },
      ],
      [
        ["example.example", "retrieve.example"],
        ["example.example", "prompt.example"],
        ["retrieve.items", "prompt.items"],
        ["prompt.messages", "generate.messages"],
        ["example.example", "extract.example"],
        ["generate.completion", "extract.completion"],
        ...scoreEdges("extract.answer", [
          ["retrieve.items", "score.items"],
          ["prompt.messages", "score.messages"],
          ["generate.completion", "score.completion"],
        ]),
      ],
    ),
  },
  {
    key: "reasoning-vanilla",
    name: "Reasoning model, vanilla",
    description: "A large reasoning model on a plain RAG chat prompt (BM25 top-4), thinking freely: the setting where the paper finds divergent thinking and format misalignment.",
    needsModel: true,
    graph: graph(
      [
        { id: "example", kind: "example", x: 0, y: 100 },
        { id: "retrieve", kind: "retrieve", params: { method: "bm25", k: 4 }, x: 240, y: 0 },
        { id: "prompt", kind: "prompt", params: { template: "rag-chat" }, x: 480, y: 100 },
        { id: "generate", kind: "generate", params: { maxTokens: 4096, temperature: 0.6 }, x: 720, y: 100 },
        { id: "extract", kind: "extract-answer", x: 960, y: 100 },
        { id: "score", kind: "score", x: 1200, y: 100 },
      ],
      [
        ["example.example", "retrieve.example"],
        ["example.example", "prompt.example"],
        ["retrieve.items", "prompt.items"],
        ["prompt.messages", "generate.messages"],
        ["example.example", "extract.example"],
        ["generate.completion", "extract.completion"],
        ...scoreEdges("extract.answer", [
          ["retrieve.items", "score.items"],
          ["prompt.messages", "score.messages"],
          ["generate.completion", "score.completion"],
        ]),
      ],
    ),
  },
  {
    key: "reaper",
    name: "ReaPer (HRT + RPI + SRM)",
    description:
      "R2P / ReaPer: hierarchical reasoning template (requirement analysis -> profile synthesis -> response), reasoning-process intervention on every candidate, and self-referencing synthesis of 3 candidates.",
    needsModel: true,
    graph: graph(
      [
        { id: "example", kind: "example", x: 0, y: 100 },
        { id: "retrieve", kind: "retrieve", params: { method: "bm25", k: 4 }, x: 240, y: 0 },
        { id: "prompt", kind: "prompt", params: { template: "hrt" }, x: 480, y: 100 },
        { id: "srm", kind: "self-reference", params: { candidates: 3, mode: "synthesize", useIntervention: true, maxTokens: 4096 }, x: 720, y: 100 },
        { id: "extract", kind: "extract-answer", x: 960, y: 100 },
        { id: "score", kind: "score", x: 1200, y: 100 },
      ],
      [
        ["example.example", "retrieve.example"],
        ["example.example", "prompt.example"],
        ["retrieve.items", "prompt.items"],
        ["example.example", "srm.example"],
        ["prompt.messages", "srm.messages"],
        ["example.example", "extract.example"],
        ["srm.completion", "extract.completion"],
        ...scoreEdges("extract.answer", [
          ["retrieve.items", "score.items"],
          ["prompt.messages", "score.messages"],
          ["srm.completion", "score.completion"],
        ]),
      ],
    ),
  },
];

export function findTemplate(key: string): PipelineTemplate | undefined {
  return PIPELINE_TEMPLATES.find((t) => t.key === key);
}
