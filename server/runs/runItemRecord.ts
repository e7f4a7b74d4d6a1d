import type { NodeOutputs } from "../pipeline/nodeDefinition";
import type { ValidatedGraph } from "../pipeline/validateGraph";
import type { AnswerValue, CompletionValue, ItemsValue, ScoresValue } from "../pipeline/portValues";
import type { PortType } from "../pipeline/portTypes";
import { compactCompletion, storedOutputsJson } from "./storedOutputs";

/** The columns of a finished RunItem, read off one example's node outputs. */
export type RunItemRecord = {
  answer: string;
  rawAnswer: string;
  reasoning: string;
  outputsJson: string;
  retrievedIdsJson: string;
  metricsJson: string;
  signalsJson: string;
  /** The values behind metricsJson and signalsJson, for in-process readers (the live summary). */
  metrics: Record<string, number>;
  signals: Record<string, unknown>;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cacheHit: boolean;
};

function outputsOfType(validated: ValidatedGraph, outputs: Record<string, NodeOutputs>, type: PortType): unknown[] {
  const values: unknown[] = [];
  for (const id of validated.order) {
    const node = validated.nodes.get(id)!;
    for (const port of node.definition.outputs) {
      if (port.type === type && outputs[id] && port.name in outputs[id]) values.push(outputs[id][port.name]);
    }
  }
  return values;
}

/**
 * The pipeline's answer is what its (single) score node was given; its metrics are what that node
 * computed. Token totals add up every model call behind every completion in the graph.
 */
export function buildRunItemRecord(validated: ValidatedGraph, outputs: Record<string, NodeOutputs>): RunItemRecord {
  const scoreNode = [...validated.nodes.values()].find((n) => n.kind === "score");
  if (!scoreNode) throw new Error("The pipeline has no score node.");
  const answerSource = validated.incoming.get(scoreNode.id)!.get("answer");
  if (!answerSource) throw new Error(`Score node "${scoreNode.id}" has no answer input.`);
  const answer = outputs[answerSource.node][answerSource.port] as AnswerValue;
  const scores = outputs[scoreNode.id].scores as ScoresValue;

  let promptTokens = 0;
  let completionTokens = 0;
  let providerReasoningTokens = 0;
  let calls = 0;
  let hits = 0;
  for (const value of outputsOfType(validated, outputs, "completion") as CompletionValue[]) {
    for (const call of value.calls ?? [value]) {
      calls++;
      if (call.cacheHit) hits++;
      promptTokens += call.usage.promptTokens;
      completionTokens += call.usage.completionTokens;
      providerReasoningTokens += call.usage.reasoningTokens ?? 0;
    }
  }
  // One definition of reasoning tokens for the items table, the dashboard and the trace: the score
  // node's (every call of the answer's trace, provider count per call, else the tokenizer's).
  const signalTokens = (scores.signals as { reasoningTokens?: unknown }).reasoningTokens;
  const reasoningTokens = typeof signalTokens === "number" ? signalTokens : providerReasoningTokens;
  const firstItems = outputsOfType(validated, outputs, "items")[0] as ItemsValue | undefined;
  const metrics = { ...scores.metrics, ...prefixKeys("raw.", scores.rawMetrics) };

  return {
    answer: answer.text,
    rawAnswer: answer.raw,
    reasoning: answer.reasoning,
    outputsJson: storedOutputsJson(storableOutputs(validated, outputs)),
    retrievedIdsJson: JSON.stringify(firstItems?.items.map((i) => i.id) ?? []),
    metricsJson: JSON.stringify(metrics),
    signalsJson: JSON.stringify(scores.signals),
    metrics,
    signals: scores.signals,
    promptTokens,
    completionTokens,
    reasoningTokens,
    cacheHit: calls > 0 && hits === calls,
  };
}

function prefixKeys(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, v]));
}

/**
 * Per-node outputs for the trace viewer. The example port repeats the whole profile (stored once on
 * the Example row) and retrieved items repeat profile text, so those are reduced to references.
 * Completions keep each model call once, and text repeated across nodes is stored once
 * (storedOutputs.ts; expandStoredOutputs reads it back).
 */
function storableOutputs(validated: ValidatedGraph, outputs: Record<string, NodeOutputs>): Record<string, Record<string, unknown>> {
  const stored: Record<string, Record<string, unknown>> = {};
  for (const id of validated.order) {
    const node = validated.nodes.get(id)!;
    const out = outputs[id];
    if (!out) continue;
    stored[id] = {};
    for (const port of node.definition.outputs) {
      const value = out[port.name];
      if (port.type === "example") stored[id][port.name] = { exampleId: (value as { exampleId: string }).exampleId };
      else if (port.type === "items") {
        const items = value as ItemsValue;
        stored[id][port.name] = {
          method: items.method,
          query: items.query,
          items: items.items.map(({ id: itemId, index, rank, score }) => ({ id: itemId, index, rank, score })),
        };
      } else if (port.type === "completion") stored[id][port.name] = compactCompletion(value);
      else stored[id][port.name] = value;
    }
  }
  return stored;
}
