import type { ProfileItem } from "../lamp/profileItem";
import type { NodeServices } from "./nodeServices";

export type { ProfileItem };

/** What generators may see of an example: the gold output is deliberately absent. */
export type PipelineExample = {
  /** Database id of the Example row. */
  id: string;
  /** LaMP sample id. */
  exampleId: string;
  task: string;
  input: string;
  profile: ProfileItem[];
};

export type NodeEvent =
  | { type: "partial"; nodeId: string; text: string; channel: "reasoning" | "content" }
  | { type: "intervention"; nodeId: string; rule: string; injected: string; atToken: number }
  | { type: "llm-retry"; nodeId: string; attempt: number; reason: string }
  | { type: "note"; nodeId: string; message: string };

export type NodeContext = {
  nodeId: string;
  example: PipelineExample;
  /** Only scoring nodes receive the gold output; for every other node it is undefined. */
  gold: string | null | undefined;
  services: NodeServices;
  signal: AbortSignal;
  /** The run's seed, so sampling and random retrieval are reproducible. */
  seed: number;
  emit(event: NodeEvent): void;
};
