import { z } from "zod";
import type { CompletionValue } from "../pipeline/portValues";
import type { LlmResult } from "../llm/types";
import { defineNode } from "./defineNode";
import { extractAnswer } from "./answerExtraction";
import { withUserText } from "./promptTemplates";
import { legacyThread, singleCallThread, type ReasoningTrace, type TraceThread } from "../llm/reasoningTrace";
import { generationParamsSchema, toGenerationParams } from "./generationParams";
import { interventionRulesSchema } from "./interventionRules";
import { generateWithInterventions, interventionRunFor } from "./reasoningIntervention";
import { describeOutputFormat, taskOf } from "./taskOf";

// The paper's synthesis prompt is not public (LAMP.md 1.4); this asks for what SRM is described to do.
const DEFAULT_SYNTHESIS_PROMPT = [
  "You answered the task above {{n}} times independently. Your candidate answers were:",
  "{{candidates}}",
  "Compare them against the user's past items and give the single final answer that is most consistent with this user. Reply with {{format}} only.",
].join("\n");

/** Majority vote over extracted answers; ties go to the answer that appeared first. */
export function voteOnAnswers(answers: readonly string[]): { winner: string; index: number; votes: number } {
  const counts = new Map<string, { votes: number; first: number }>();
  answers.forEach((a, i) => {
    const c = counts.get(a) ?? { votes: 0, first: i };
    c.votes++;
    counts.set(a, c);
  });
  const [winner, best] = [...counts.entries()].sort((x, y) => y[1].votes - x[1].votes || x[1].first - y[1].first)[0];
  return { winner, index: best.first, votes: best.votes };
}

export const selfReferenceNode = defineNode({
  kind: "self-reference",
  version: 1,
  title: "Self-reference (SRM)",
  category: "intervention",
  description:
    "ReaPer's self-referencing module: samples n candidate answers (optionally each under reasoning intervention), then either asks the model to synthesize one final answer from them against the profile, or takes a majority vote of the extracted answers (label and rating tasks).",
  inputs: [
    { name: "example", type: "example", description: "The example (for the output format and voting)." },
    { name: "messages", type: "messages", description: "The prompt every candidate answers." },
  ],
  outputs: [{ name: "completion", type: "completion", description: "The final output, with all candidates attached." }],
  params: generationParamsSchema.extend({
    temperature: z.number().min(0).max(2).default(0.7).describe("Sampling temperature of the candidates."),
    candidates: z.number().int().min(1).max(16).default(3).describe("How many candidates to sample."),
    mode: z
      .enum(["synthesize", "vote"])
      .default("synthesize")
      .describe("synthesize: one more call merges the candidates; vote: majority of the extracted answers (ties: first)."),
    synthesisPrompt: z
      .string()
      .default(DEFAULT_SYNTHESIS_PROMPT)
      .describe("User message of the synthesis call: {{n}}, {{candidates}} (numbered answers) and {{format}} are filled in."),
    synthesisTemperature: z.number().min(0).max(2).default(0).describe("Temperature of the synthesis call."),
    useIntervention: z.boolean().default(true).describe("Generate each candidate under the RPI rules below."),
    rules: interventionRulesSchema.prefault({}),
  }),
  async run(inputs, p, ctx) {
    const prompt = inputs.messages;
    const task = taskOf(inputs.example);
    const llm = ctx.services.llm(p.endpoint);
    const params = toGenerationParams(p, ctx.seed);
    const format = describeOutputFormat(task);

    const candidates: CompletionValue[] = await Promise.all(
      Array.from({ length: p.candidates }, (_, sampleIndex) =>
        p.useIntervention
          ? generateWithInterventions(interventionRunFor(inputs, p, p.rules, ctx, sampleIndex))
          : llm.complete(prompt.messages, { ...params, seed: (params.seed ?? 0) + sampleIndex }, { signal: ctx.signal, sampleIndex }),
      ),
    );
    const calls: LlmResult[] = candidates.flatMap((c) => c.calls ?? [c]);
    const interventions = candidates.flatMap((c) => c.interventions ?? []);
    const answers = candidates.map((c) => extractAnswer(c.answer, c.reasoning, task.output).text);
    const candidateThreads = candidates.map((c, i): TraceThread => ({ ...threadOf(c), role: "candidate", index: i, answer: answers[i]! }));

    if (p.mode === "vote") {
      const { index } = voteOnAnswers(answers);
      const chosen = candidates[index];
      const trace: ReasoningTrace = { threads: candidateThreads, chosenCandidate: index };
      return { completion: { ...chosen, answer: answers[index], candidates, calls, interventions, trace } satisfies CompletionValue };
    }

    const synthesisRequest = p.synthesisPrompt
      .replaceAll("{{n}}", String(candidates.length))
      .replaceAll("{{candidates}}", answers.map((a, i) => `[${i + 1}] ${a}`).join("\n"))
      .replaceAll("{{format}}", format);
    const synthesis = await llm.complete(
      withUserText(prompt.messages, synthesisRequest),
      { ...params, temperature: p.synthesisTemperature },
      { signal: ctx.signal, sampleIndex: p.candidates },
    );
    // The final answer's reasoning is the synthesis call's; each candidate's stays in its own thread.
    const completion: CompletionValue = {
      ...synthesis,
      candidates,
      calls: [...calls, synthesis],
      interventions,
      trace: { threads: [...candidateThreads, singleCallThread(synthesis, "synthesis", 0)] },
    };
    return { completion };
  },
});

/** The one thread of a candidate: its own trace (RPI), or its single call. */
function threadOf(candidate: CompletionValue): TraceThread {
  const own = candidate.trace?.threads[0];
  if (own) return own;
  return candidate.calls && candidate.calls.length > 1 ? legacyThread(candidate.reasoning, candidate.answer) : singleCallThread(candidate);
}
