// The values that travel on each port type (see portTypes.ts). Node executors produce and consume
// these shapes; the run layer reads them to store an item.
import type { ChatMessage, LlmResult } from "../llm/types";
import type { ReasoningTrace } from "../llm/reasoningTrace";
import type { PipelineExample, ProfileItem } from "./nodeContext";
import type { PortType } from "./portTypes";

export type RetrievedProfileItem = {
  id: string;
  /** Position of the item in the user's profile. */
  index: number;
  /** 1-based rank among the retrieved items. */
  rank: number;
  /** Retriever score; null for recency/random. */
  score: number | null;
  /** The corpus text the retriever saw (the task's official corpus maker). */
  text: string;
  item: ProfileItem;
};

export type ItemsValue = { method: string; query: string; items: RetrievedProfileItem[] };

export type MessagesValue = {
  messages: ChatMessage[];
  /** Which prompt template built the messages (lamp-official, rag-chat, hrt, custom). */
  template: string;
  /** HRT stage headers, in order, for stage-adherence checks and RPI. */
  stageHeaders: string[];
  /** Text of the assistant turn the model should continue from (e.g. an opened `<think>` block). */
  assistantPrefix?: string;
  /** Each retrieved item as the prompt showed it, in prompt order; absent for prompts before this field. */
  shownItems?: ShownItem[];
  /** The instruction text of the template, filled (wherever it was placed); "" when there is none. */
  instruction?: string;
};

export type InterventionRecord = { rule: string; atToken: number; injected: string };

/** A prompt's retrieved item as the model was shown it (fields clipped as the template clips them). */
export type ShownItem = { id: string; text: string };

export type CompletionValue = LlmResult & {
  /** SRM: every sampled candidate, before synthesis or voting. */
  candidates?: LlmResult[];
  /** RPI / think-budget: what was injected and when. */
  interventions?: InterventionRecord[];
  /** Every model call behind this completion (candidates, synthesis, continuations), for token totals. */
  calls?: LlmResult[];
  /** Who wrote which part of the reasoning, per call (absent on values stored before traces existed). */
  trace?: ReasoningTrace;
};

export type AnswerValue = {
  /** What the official metric scores. */
  text: string;
  /** The model's answer text with the reasoning removed, before extraction (or the baseline's text). */
  raw: string;
  reasoning: string;
  /** How extraction changed the raw answer (none, label-match, think-strip, ...). */
  extraction: string;
  /** The completion's reasoning provenance, passed on for the signals (absent for baselines and old values). */
  trace?: ReasoningTrace;
};

export type ScoresValue = {
  /** Per-example LaMP metric values (correct, absError, rouge1, rougeL) for the extracted and raw answers. */
  metrics: Record<string, number>;
  rawMetrics: Record<string, number>;
  /** Failure-mode signals (server/metrics/failureModes). */
  signals: Record<string, unknown>;
};

/** The value each port type carries (an `example` port carries a PipelineExample). */
type PortValueMap = {
  example: PipelineExample;
  items: ItemsValue;
  messages: MessagesValue;
  completion: CompletionValue;
  answer: AnswerValue;
  scores: ScoresValue;
};

// Indexing by PortType makes a port type without a value type here a compile error.
export type PortValueOf<T extends PortType> = PortValueMap[T];
