import { describe, expect, it } from "vitest";
import { compactCompletion, expandStoredOutputs, storedOutputsJson } from "../../../server/runs/storedOutputs";
import type { CompletionValue, InterventionRecord } from "../../../server/pipeline/portValues";
import type { LlmResult } from "../../../server/llm/types";
import { mulberry32, type Random } from "../../../server/metrics/stats/random";

/** Stores node outputs the way runItemRecord does and reads them back. */
function roundTrip(outputs: Record<string, Record<string, unknown>>): { json: string; back: unknown } {
  const compacted = Object.fromEntries(
    Object.entries(outputs).map(([node, ports]) => [
      node,
      Object.fromEntries(Object.entries(ports).map(([port, v]) => [port, port === "completion" ? compactCompletion(v) : v])),
    ]),
  );
  const json = storedOutputsJson(compacted);
  return { json, back: expandStoredOutputs(JSON.parse(json)) };
}

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function call(reasoning: string, answer: string, extra: Partial<LlmResult> = {}): LlmResult {
  return {
    reasoning,
    answer,
    content: `<think>\n${reasoning}\n</think>\n\n${answer}`,
    finishReason: "stop",
    usage: { promptTokens: 100, completionTokens: 50, reasoningTokens: null, estimated: false },
    latencyMs: 12,
    cacheHit: false,
    attempts: 1,
    model: "m",
    ...extra,
  };
}

// Text with astral characters so that slice boundaries can fall inside surrogate pairs.
const FRAGMENTS = ["The user tagged ", "dystopia ", "🎬 ", "movies about control, ", "Wait, ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ", "and the profile says ", "so ", "\n\n", "é", "\\ \"quoted\" "];

function text(random: Random, length: number): string {
  let s = "";
  while (s.length < length) s += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] + (random() < 0.3 ? String(Math.floor(random() * 1000)) : "");
  return s;
}

/** An RPI generation as generateWithInterventions builds it: cut segments, then continuations that repeat the prefix. */
function rpiGeneration(random: Random): CompletionValue {
  const calls: LlmResult[] = [];
  const interventions: InterventionRecord[] = [];
  let reasoning = "";
  const cuts = Math.floor(random() * 3);
  for (let i = 0; i < cuts; i++) {
    const segment = text(random, 100 + Math.floor(random() * 400));
    calls.push({ ...call(segment, ""), content: segment, finishReason: "intervention", latencyMs: 0, model: undefined });
    const injected = text(random, 40 + Math.floor(random() * 250));
    interventions.push({ rule: random() < 0.5 ? "hesitation" : "stage", atToken: 10 * (i + 1), injected });
    reasoning = `${reasoning}${segment}\n\n${injected}\n`;
  }
  const generated = text(random, 50 + Math.floor(random() * 600));
  const answer = random() < 0.5 ? "dystopia" : text(random, 20 + Math.floor(random() * 200));
  const prefix = reasoning ? `<think>\n${reasoning}` : "";
  const last = call((reasoning + generated).trim(), answer, {
    content: `${generated}</think>\n\n${answer}`,
    ...(prefix ? { continuation: { mode: "vllm" as const, prefix } } : {}),
  });
  calls.push(last);
  return { ...last, interventions, calls };
}

function randomCompletion(random: Random): CompletionValue {
  const kind = Math.floor(random() * 4);
  if (kind === 0) return call(text(random, 300), "x");
  if (kind === 1) return rpiGeneration(random);
  const candidates: CompletionValue[] = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
    random() < 0.7 ? rpiGeneration(random) : call(text(random, 200), "y"),
  );
  const calls = candidates.flatMap((c) => c.calls ?? [c]);
  const interventions = candidates.flatMap((c) => c.interventions ?? []);
  if (kind === 2) {
    const index = Math.floor(random() * candidates.length);
    return { ...candidates[index], answer: `voted ${index}`, candidates, calls, interventions };
  }
  const synthesis = call(text(random, 150), "final");
  return {
    ...synthesis,
    reasoning: [synthesis.reasoning, ...candidates.map((c, i) => `Candidate ${i + 1}:\n${c.reasoning}`)].join("\n\n"),
    candidates,
    calls: [...calls, synthesis],
    interventions,
  };
}

describe("stored outputs: every call once, read back exactly", () => {
  it("random RPI / SRM (vote and synthesis) / single-call completions and the answers built on them read back as produced", () => {
    const random = mulberry32(20240607);
    let storedBytes = 0;
    let producedBytes = 0;
    for (let n = 0; n < 300; n++) {
      const completion = randomCompletion(random);
      const outputs = {
        gen: { completion },
        extract: { answer: { text: completion.answer.trim(), raw: completion.answer, reasoning: completion.reasoning, extraction: "exact" } },
      };
      const { json, back } = roundTrip(outputs);
      expect(back).toEqual(plain(outputs));
      // Compacted, not kept as produced because it would not have read back.
      if (completion.calls) expect(JSON.parse(json).gen.completion.$stored).toBe(1);
      storedBytes += json.length;
      producedBytes += JSON.stringify(outputs).length;
    }
    expect(storedBytes).toBeLessThan(producedBytes / 2);
  });

  it("an inline-think call keeps its reasoning once: the raw content refers to it", () => {
    const reasoning = "The user tagged three movies about surveillance states as dystopia and one about a corporation as social commentary. ".repeat(3);
    const c = call(reasoning, "dystopia");
    const { json, back } = roundTrip({ generate: { completion: c } });
    const stored = JSON.parse(json).generate.completion;
    expect(stored.reasoning).toBe(c.reasoning);
    expect(stored.content.$splice).toEqual(["<think>\n", { $ref: ["generate", "completion", "reasoning"], at: 0, len: reasoning.length }, "\n</think>\n\ndystopia"]);
    // Fields other code reads straight from outputsJson stay where they were.
    expect(stored.attempts).toBe(1);
    expect(back).toEqual(plain({ generate: { completion: c } }));
  });

  it("vote: candidates are ranges of the calls and the completion is the winner's call with the voted answer", () => {
    const candidates = [call("a".repeat(300), "[1]"), call("b".repeat(300), "[2]"), call("c".repeat(300), "The answer is [2]")];
    const completion: CompletionValue = { ...candidates[2], answer: "[2]", candidates, calls: candidates, interventions: [] };
    const stored = compactCompletion(completion) as Record<string, unknown>;
    expect(stored).toMatchObject({
      $stored: 1,
      result: 2,
      override: { answer: "[2]" },
      candidates: [
        { $calls: [0, 1], result: 0, ownCalls: false },
        { $calls: [1, 2], result: 1, ownCalls: false },
        { $calls: [2, 3], result: 2, ownCalls: false },
      ],
      interventions: [],
    });
    const { json, back } = roundTrip({ srm: { completion } });
    expect(json.split("a".repeat(300)).length - 1).toBe(1);
    expect(back).toEqual(plain({ srm: { completion } }));
  });

  it("a field the call has but the completion lacks stays absent", () => {
    const last = call("r".repeat(300), "x", { model: "served-model" });
    const { model: _model, ...withoutModel } = last;
    const completion = { ...withoutModel, calls: [last] } as CompletionValue;
    expect(compactCompletion(completion)).toMatchObject({ $stored: 1, result: 0, absent: ["model"] });
    expect(roundTrip({ gen: { completion } }).back).toEqual(plain({ gen: { completion } }));
  });

  it("top-level interventions that are the candidates' in order are stored once", () => {
    const random = mulberry32(7);
    const candidates = [rpiGeneration(random), rpiGeneration(random)];
    candidates[0].interventions = [{ rule: "hesitation", atToken: 5, injected: "commit" }];
    const interventions = candidates.flatMap((c) => c.interventions ?? []);
    const completion: CompletionValue = { ...candidates[0], candidates, calls: candidates.flatMap((c) => c.calls!), interventions };
    expect((compactCompletion(completion) as { interventions: unknown }).interventions).toBe("$candidates");
    expect(roundTrip({ srm: { completion } }).back).toEqual(plain({ srm: { completion } }));
    // Other interventions are kept as they are.
    const other = { ...completion, interventions: [{ rule: "budget", atToken: 9, injected: "stop" }] };
    expect((compactCompletion(other) as { interventions: unknown }).interventions).toEqual(other.interventions);
    expect(roundTrip({ srm: { completion: other } }).back).toEqual(plain({ srm: { completion: other } }));
  });

  it("a candidate whose calls are not in the list is stored whole, and still reads back", () => {
    const random = mulberry32(3);
    const stray = rpiGeneration(random);
    const listed = rpiGeneration(random);
    const completion: CompletionValue = { ...listed, candidates: [stray, listed], calls: listed.calls, interventions: listed.interventions };
    const stored = compactCompletion(completion) as { candidates: Record<string, unknown>[] };
    expect(stored.candidates[0].$calls).toBeUndefined();
    expect(stored.candidates[1].$calls).toEqual([0, listed.calls!.length]);
    expect(roundTrip({ srm: { completion } }).back).toEqual(plain({ srm: { completion } }));
  });

  it("outputs stored before this format (no markers) read back unchanged; short strings are never spliced", () => {
    const old = { srm: { completion: { ...call("r".repeat(500), "x"), calls: [call("r".repeat(500), "x")] } }, extract: { answer: { reasoning: "r".repeat(500) } } };
    expect(expandStoredOutputs(plain(old))).toEqual(plain(old));
    expect(expandStoredOutputs(null)).toEqual({});
    const short = { a: { completion: call("short reasoning", "x") }, b: { answer: { reasoning: "short reasoning" } } };
    expect(JSON.parse(roundTrip(short).json)).toEqual(plain(short));
  });

  it("a reference to text that is not stored is an error naming it", () => {
    const broken = { extract: { answer: { reasoning: { $splice: ["a", { $ref: ["srm", "completion", "calls", 4, "reasoning"], at: 0, len: 10 }] } } } };
    expect(() => expandStoredOutputs(broken)).toThrow(/\["srm","completion","calls",4,"reasoning"\]/);
  });
});
