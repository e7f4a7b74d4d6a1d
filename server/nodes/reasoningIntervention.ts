import { z } from "zod";
import { countChatPromptTokens, countTokens, truncateToTokens } from "../llm/tokenCount";
import {
  prefixReasoningOf,
  reasoningTraceSchema,
  traceCallOf,
  type ReasoningTrace,
  type TraceCall,
  type TraceSpan,
} from "../llm/reasoningTrace";
import { llmResultSchema } from "../llm/llmResultSchema";
import type { ChatMessage, GenerationParams, LlmCaller, LlmResult } from "../llm/types";
import { compositeCacheKey, type CompositeResultCache } from "../llm/compositeResultCache";
import type { CompletionValue, InterventionRecord, MessagesValue } from "../pipeline/portValues";
import type { NodeContext, NodeEvent, PipelineExample } from "../pipeline/nodeContext";
import { toGenerationParams, type GenerationSettings } from "./generationParams";
import { describeOutputFormat, taskOf } from "./taskOf";
import { budgetRule, checkRules, stagesReached, type FiredRule, type InterventionRules, type RuleContext } from "./interventionRules";

/** An intervened generation as the composite cache stores it (generateUncached's result). */
const cachedCompletionSchema = llmResultSchema.extend({
  interventions: z.array(z.object({ rule: z.string(), atToken: z.number(), injected: z.string() })).optional(),
  calls: z.array(llmResultSchema).optional(),
  trace: reasoningTraceSchema.optional(),
}) satisfies z.ZodType<CompletionValue>;

export type InterventionRun = {
  llm: LlmCaller;
  messages: ChatMessage[];
  /** Assistant text to start from (e.g. "<think>\nStage 1 ...:"); empty for a fresh turn. */
  assistantPrefix?: string;
  params: GenerationParams;
  rules: InterventionRules;
  ruleContext: RuleContext;
  sampleIndex?: number;
  signal: AbortSignal;
  nodeId: string;
  emit(event: NodeEvent): void;
  /** Replays a whole intervened generation on reruns (null = cache off). */
  cache?: CompositeResultCache | null;
};

/** The intervention run a node's inputs, params and context describe (intervene, think-budget, SRM). */
export function interventionRunFor(
  inputs: { example: PipelineExample; messages: MessagesValue },
  settings: GenerationSettings,
  rules: InterventionRules,
  ctx: NodeContext,
  sampleIndex?: number,
): InterventionRun {
  const prompt = inputs.messages;
  const task = taskOf(inputs.example);
  const params = toGenerationParams(settings, ctx.seed);
  return {
    llm: ctx.services.llm(settings.endpoint),
    messages: prompt.messages,
    assistantPrefix: prompt.assistantPrefix,
    // Repeated samples must differ: each gets its own seed as well as its own cache slot.
    params: sampleIndex === undefined ? params : { ...params, seed: (params.seed ?? 0) + sampleIndex },
    rules,
    ruleContext: { format: describeOutputFormat(task), stageHeaders: prompt.stageHeaders },
    sampleIndex,
    signal: ctx.signal,
    nodeId: ctx.nodeId,
    emit: ctx.emit,
    cache: ctx.services.resultCache,
  };
}

// The hesitation window is kept in characters at about four characters per token, which is close
// enough for a trigger.
const CHARS_PER_TOKEN = 4;

/**
 * RPI: streams a generation, evaluates the rules at checkpoints of the reasoning, and when one
 * fires stops the stream, appends a corrective thought to the assistant turn and continues it.
 * The budget is a hard limit on the model-written reasoning, checked at every delta: it closes the
 * reasoning so the model must answer, and reasoning the server still sends after that close ends
 * the call. Once the answer has started (after </think>) nothing is injected any more.
 * The result's `trace` says which parts the model wrote and which were injected, per call.
 */
export async function generateWithInterventions(run: InterventionRun): Promise<CompletionValue> {
  // Fail before spending tokens: a trace that happens not to trigger a rule would hide the problem.
  if (run.llm.endpoint.continuation === "none" && run.rules.maxInterventions > 0) {
    throw new Error(
      `Endpoint "${run.llm.endpoint.name}" is configured with continuation "none", so reasoning cannot be intervened on. ` +
        `Set its continuation to vllm, deepseek-prefix, completions-raw or auto, or use a plain generate node.`,
    );
  }
  const cacheKey = run.cache
    ? compositeCacheKey("rpi", run.llm.endpoint, {
        messages: run.messages,
        assistantPrefix: run.assistantPrefix ?? "",
        params: run.params,
        rules: run.rules,
        ruleContext: run.ruleContext,
        sampleIndex: run.sampleIndex ?? 0,
      })
    : null;
  if (cacheKey) {
    const hit = await run.cache!.get(cacheKey, cachedCompletionSchema);
    if (hit) return markCacheHit(hit);
  }
  const result = await generateUncached(run);
  if (cacheKey) await run.cache!.put(cacheKey, run.llm.endpoint, result);
  return result;
}

function markCacheHit(value: CompletionValue): CompletionValue {
  const hit = <T extends LlmResult>(r: T): T => ({ ...r, cacheHit: true, attempts: 0 });
  return { ...hit(value), calls: value.calls?.map(hit) };
}

/** Drops `count` characters from the end of the spans (whitespace the next injection replaces). */
function trimSpansEnd(spans: TraceSpan[], count: number): void {
  while (count > 0 && spans.length > 0) {
    const last = spans[spans.length - 1];
    if (last.text.length > count) {
      last.text = last.text.slice(0, last.text.length - count);
      return;
    }
    count -= last.text.length;
    spans.pop();
  }
}

/** First span without leading whitespace, last without trailing, empty ones dropped: as the result's trimmed reasoning. */
function normalizeSpans(spans: TraceSpan[]): TraceSpan[] {
  const out = spans.filter((span) => span.text !== "");
  if (out.length > 0) out[0] = { ...out[0], text: out[0].text.replace(/^\s+/, "") };
  if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1], text: out[out.length - 1].text.replace(/\s+$/, "") };
  return out.filter((span) => span.text !== "");
}

function stoppedCall(run: InterventionRun, prefix: string, text: string, finishReason: string): LlmResult {
  return {
    reasoning: text,
    answer: "",
    content: text,
    finishReason,
    // The stopped segment produced tokens we were billed for but got no usage for: count them.
    usage: {
      promptTokens: countChatPromptTokens(run.messages) + countTokens(prefix),
      completionTokens: countTokens(text),
      reasoningTokens: countTokens(text),
      estimated: true,
    },
    latencyMs: 0,
    cacheHit: false,
    attempts: 1,
  };
}

async function generateUncached(run: InterventionRun): Promise<CompletionValue> {
  const interventions: InterventionRecord[] = [];
  const calls: LlmResult[] = [];
  const traceCalls: TraceCall[] = [];
  const spans: TraceSpan[] = [];
  const { rules, ruleContext } = run;
  let prefix = run.assistantPrefix ?? "";
  /** Everything inside the open <think> so far: model text and injected text. */
  let reasoning = prefixReasoningOf(prefix);
  if (reasoning !== "") spans.push({ source: "injected", text: reasoning, call: 0, rule: "template", atToken: 0 });
  let allTokens = countTokens(reasoning);
  let modelTokens = 0;
  let lastStageCount = stagesReached(reasoning, ruleContext.stageHeaders);
  let stageStartTokens = 0;
  let hesitationWindow = "";
  let softInterventionsLeft = rules.maxInterventions;
  const windowChars = rules.hesitation.windowTokens * CHARS_PER_TOKEN;
  // Closed by the budget (or by the given prefix): any further reasoning is over the limit.
  let closed = prefix.includes("</think>");
  // The model closed its reasoning itself and is answering.
  let answering = false;

  for (;;) {
    const callIndex = calls.length;
    const kind = callIndex === 0 ? "first" : "continuation";
    const segment = new AbortController();
    const onOuterAbort = () => segment.abort(run.signal.reason);
    run.signal.addEventListener("abort", onOuterAbort, { once: true });
    const opts = { signal: segment.signal, sampleIndex: run.sampleIndex };
    const stream = prefix
      ? run.llm.continueAssistant(run.messages, prefix, run.params, opts)
      : run.llm.stream(run.messages, run.params, opts);

    let segmentText = "";
    let segmentTokens = 0;
    let answerText = "";
    let sinceCheck = 0;
    let fired: FiredRule | null = null;
    let overrun = false;
    let result: LlmResult | null = null;
    try {
      for await (const event of stream) {
        if (event.type === "restart") {
          // A retry restarted the segment: forget its text (the retry layer replays from the prefix).
          reasoning = reasoning.slice(0, reasoning.length - segmentText.length);
          hesitationWindow = hesitationWindow.slice(0, Math.max(0, hesitationWindow.length - segmentText.length));
          modelTokens -= segmentTokens;
          allTokens -= segmentTokens;
          segmentText = "";
          segmentTokens = 0;
          answerText = "";
          continue;
        }
        if (event.type === "result") {
          result = event.result;
          break;
        }
        if (event.type === "content") {
          run.emit({ type: "partial", nodeId: run.nodeId, text: event.text, channel: event.type });
          answerText += event.text;
          if (event.text.trim() !== "") answering = true;
          continue;
        }
        if (answering) continue;
        if (closed) {
          // The reasoning was closed and the server keeps reasoning: the budget is a hard limit.
          if (event.text.trim() === "") continue;
          overrun = true;
          segment.abort();
          break;
        }
        let text = event.text;
        let tokens = countTokens(text);
        const budgetLeft = rules.budget.enabled ? rules.budget.maxReasoningTokens - modelTokens : Infinity;
        if (tokens > budgetLeft) {
          text = truncateToTokens(text, budgetLeft);
          tokens = countTokens(text);
        }
        run.emit({ type: "partial", nodeId: run.nodeId, text, channel: event.type });
        segmentText += text;
        segmentTokens += tokens;
        reasoning += text;
        modelTokens += tokens;
        allTokens += tokens;
        sinceCheck += tokens;
        hesitationWindow = (hesitationWindow + text).slice(-windowChars);
        const stagesNow = stagesReached(reasoning, ruleContext.stageHeaders);
        if (stagesNow > lastStageCount) {
          lastStageCount = stagesNow;
          stageStartTokens = modelTokens;
        }
        fired = budgetRule(rules, modelTokens, ruleContext);
        if (!fired && softInterventionsLeft > 0 && (sinceCheck >= rules.checkEveryTokens || text.includes("\n\n"))) {
          sinceCheck = 0;
          fired = checkRules(
            rules,
            { reasoning, modelTokens, hesitationWindow, tokensSinceStage: modelTokens - stageStartTokens, softInterventionsLeft },
            ruleContext,
          );
        }
        if (fired) {
          segment.abort();
          break;
        }
      }
    } catch (err) {
      if (!(fired || overrun) || run.signal.aborted) throw err;
    } finally {
      run.signal.removeEventListener("abort", onOuterAbort);
    }

    if (overrun) {
      // Reasoning sent after the close is dropped; the answer is whatever content came before it.
      const call = stoppedCall(run, prefix, "", "budget-overrun");
      calls.push({ ...call, answer: answerText.trim(), content: answerText });
      traceCalls.push({ kind, reasoningTokens: 0, tokenSource: "tokenizer", finishReason: "budget-overrun" });
      const final = normalizeSpans(spans);
      const last = calls[calls.length - 1];
      return {
        ...last,
        reasoning: final.map((span) => span.text).join(""),
        interventions,
        calls,
        trace: { threads: [{ role: "main", index: 0, spans: final, calls: traceCalls, answer: last.answer }] },
      };
    }

    if (!fired) {
      if (!result) throw new Error("The model stream ended without a result.");
      calls.push(result);
      // The result covers prefix + new text; the new text is the model's (the stream's deltas as a fallback).
      const before = spans.map((span) => span.text).join("").replace(/^\s+/, "");
      const newText =
        spans.length === 0
          ? result.reasoning
          : result.reasoning.startsWith(before)
            ? result.reasoning.slice(before.length)
            : before.trimEnd() === result.reasoning
              ? ""
              : segmentText;
      if (newText !== "") spans.push({ source: "model", text: newText, call: callIndex });
      traceCalls.push(traceCallOf(result, kind, newText));
      const trace: ReasoningTrace = { threads: [{ role: "main", index: 0, spans: normalizeSpans(spans), calls: traceCalls, answer: result.answer }] };
      return { ...result, interventions, calls, trace };
    }

    calls.push(stoppedCall(run, prefix, segmentText, "intervention"));
    traceCalls.push({ kind, reasoningTokens: segmentTokens, tokenSource: "tokenizer", finishReason: "intervention" });
    if (segmentText !== "") spans.push({ source: "model", text: segmentText, call: callIndex });
    interventions.push({ rule: fired.rule, atToken: allTokens, injected: fired.injection });
    run.emit({ type: "intervention", nodeId: run.nodeId, rule: fired.rule, injected: fired.injection, atToken: allTokens });

    const trimmed = reasoning.replace(/\s+$/, "");
    trimSpansEnd(spans, reasoning.length - trimmed.length);
    const injected = `\n\n${fired.injection}\n`;
    spans.push({ source: "injected", text: injected, call: callIndex + 1, rule: fired.rule, atToken: allTokens });
    reasoning = trimmed + injected;
    allTokens = countTokens(reasoning);
    if (fired.rule === "hesitation") {
      // The window restarts: markers written before this injection never count again.
      hesitationWindow = "";
      softInterventionsLeft--;
    } else if (fired.rule === "stage") {
      stageStartTokens = modelTokens;
      softInterventionsLeft--;
    }
    if (fired.closeThink) closed = true;
    prefix = fired.closeThink ? `<think>\n${reasoning}</think>\n\n${rules.budget.answerPrefix}` : `<think>\n${reasoning}`;
  }
}
