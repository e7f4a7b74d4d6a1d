import { z } from "zod";
import { countChatPromptTokens, countTokens } from "../llm/tokenCount";
import { llmResultSchema } from "../llm/llmResultSchema";
import type { ChatMessage, GenerationParams, LlmCaller, LlmResult } from "../llm/types";
import { compositeCacheKey, type CompositeResultCache } from "../llm/compositeResultCache";
import type { CompletionValue, InterventionRecord, MessagesValue } from "../pipeline/portValues";
import type { NodeContext, NodeEvent, PipelineExample } from "../pipeline/nodeContext";
import { toGenerationParams, type GenerationSettings } from "./generationParams";
import { describeOutputFormat, taskOf } from "./taskOf";
import { checkRules, stagesReached, type InterventionRules, type RuleContext } from "./interventionRules";

/** An intervened generation as the composite cache stores it (generateUncached's result). */
const cachedCompletionSchema = llmResultSchema.extend({
  interventions: z.array(z.object({ rule: z.string(), atToken: z.number(), injected: z.string() })).optional(),
  calls: z.array(llmResultSchema).optional(),
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

// Token positions inside a stream are counted per delta with our tokenizer; the recent-marker window
// is kept in characters at about four characters per token, which is close enough for a trigger.
const CHARS_PER_TOKEN = 4;

function reasoningPartOf(prefix: string): string {
  const open = prefix.indexOf("<think>");
  return open === -1 ? "" : prefix.slice(open + "<think>".length).replace(/^\n/, "");
}

/**
 * RPI: streams a generation, evaluates the rules at checkpoints of the reasoning, and when one
 * fires stops the stream, appends a corrective thought to the assistant turn and continues it.
 * A budget rule also closes the reasoning so the model must answer. Once the answer has started
 * (after </think>) nothing is injected any more.
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

async function generateUncached(run: InterventionRun): Promise<CompletionValue> {
  const interventions: InterventionRecord[] = [];
  const calls: LlmResult[] = [];
  let prefix = run.assistantPrefix ?? "";
  let reasoning = reasoningPartOf(prefix);
  let reasoningTokens = countTokens(reasoning);
  let lastStageCount = stagesReached(reasoning, run.ruleContext.stageHeaders);
  let stageStartTokens = reasoningTokens;
  let firedHesitationAt = -Infinity;
  let thinkClosed = prefix.includes("</think>");

  for (;;) {
    const segment = new AbortController();
    const onOuterAbort = () => segment.abort(run.signal.reason);
    run.signal.addEventListener("abort", onOuterAbort, { once: true });
    const opts = { signal: segment.signal, sampleIndex: run.sampleIndex };
    const stream = prefix
      ? run.llm.continueAssistant(run.messages, prefix, run.params, opts)
      : run.llm.stream(run.messages, run.params, opts);

    let segmentText = "";
    let sinceCheck = 0;
    let fired: ReturnType<typeof checkRules> = null;
    let result: LlmResult | null = null;
    try {
      for await (const event of stream) {
        if (event.type === "restart") {
          // A retry restarted the segment: forget its text (the retry layer replays from the prefix).
          reasoning = reasoning.slice(0, reasoning.length - segmentText.length);
          reasoningTokens = countTokens(reasoning);
          segmentText = "";
          continue;
        }
        if (event.type === "result") {
          result = event.result;
          break;
        }
        run.emit({ type: "partial", nodeId: run.nodeId, text: event.text, channel: event.type });
        if (event.type === "content") {
          if (event.text.trim() !== "") thinkClosed = true;
          continue;
        }
        if (thinkClosed || interventions.length >= run.rules.maxInterventions) continue;
        segmentText += event.text;
        reasoning += event.text;
        const tokens = countTokens(event.text);
        reasoningTokens += tokens;
        sinceCheck += tokens;
        const stagesNow = stagesReached(reasoning, run.ruleContext.stageHeaders);
        if (stagesNow > lastStageCount) {
          lastStageCount = stagesNow;
          stageStartTokens = reasoningTokens;
        }
        if (sinceCheck < run.rules.checkEveryTokens && !event.text.includes("\n\n")) continue;
        sinceCheck = 0;
        fired = checkRules(
          run.rules,
          {
            reasoning,
            reasoningTokens,
            recentTail: reasoning.slice(-run.rules.hesitation.windowTokens * CHARS_PER_TOKEN),
            tokensSinceStage: reasoningTokens - stageStartTokens,
            firedHesitationAt,
          },
          run.ruleContext,
        );
        if (fired) {
          segment.abort();
          break;
        }
      }
    } catch (err) {
      if (!fired || run.signal.aborted) throw err;
    } finally {
      run.signal.removeEventListener("abort", onOuterAbort);
    }

    if (!fired) {
      if (!result) throw new Error("The model stream ended without a result.");
      calls.push(result);
      return { ...result, interventions, calls };
    }

    // The stopped segment produced tokens we were billed for but got no usage for: count them.
    calls.push({
      reasoning: segmentText,
      answer: "",
      content: segmentText,
      finishReason: "intervention",
      usage: {
        promptTokens: countChatPromptTokens(run.messages) + countTokens(prefix),
        completionTokens: countTokens(segmentText),
        reasoningTokens: countTokens(segmentText),
        estimated: true,
      },
      latencyMs: 0,
      cacheHit: false,
      attempts: 1,
    });
    interventions.push({ rule: fired.rule, atToken: reasoningTokens, injected: fired.injection });
    run.emit({ type: "intervention", nodeId: run.nodeId, rule: fired.rule, injected: fired.injection, atToken: reasoningTokens });
    if (fired.rule === "hesitation") firedHesitationAt = reasoningTokens;
    if (fired.rule === "stage") stageStartTokens = reasoningTokens;

    reasoning = `${reasoning.replace(/\s+$/, "")}\n\n${fired.injection}\n`;
    reasoningTokens = countTokens(reasoning);
    prefix = fired.closeThink
      ? `<think>\n${reasoning}</think>\n\n${run.rules.budget.answerPrefix}`
      : `<think>\n${reasoning}`;
    if (fired.closeThink) thinkClosed = true;
  }
}
