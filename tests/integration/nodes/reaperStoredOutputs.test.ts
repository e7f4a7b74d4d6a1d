// What a ReaPer item (HRT prompt -> self-reference over 3 RPI candidates -> synthesis) stores in
// RunItem.outputsJson: every model call's output once, and nothing lost. The item is produced the
// way a run produces it: the reaper template through the executor, against the fake
// OpenAI-compatible server with DeepSeek-R1-like traces (reasoning field on fresh streams,
// inline reasoning closed by </think> on continuations) long enough for RPI to intervene.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRegistry } from "../../../server/nodes/registry";
import { assertValidGraph } from "../../../server/pipeline/validateGraph";
import { executeGraph } from "../../../server/pipeline/executeGraph";
import { findTemplate } from "../../../server/pipelines/templates";
import { buildRunItemRecord } from "../../../server/runs/runItemRecord";
import { expandStoredOutputs } from "../../../server/runs/storedOutputs";
import type { CompletionValue } from "../../../server/pipeline/portValues";
import type { ProfileItem } from "../../../server/pipeline/nodeContext";
import { countTokens } from "../../../server/llm/tokenCount";
import { mulberry32 } from "../../../server/metrics/stats/random";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { makeExample } from "../../support/pipelineFixtures";
import { fakeModelServices, type FakeModelServices } from "../../support/pipelineServices";
import { REPO_ROOT } from "../../support/sharedData";

const RUN_SEED = 11;
const TAGS = ["dystopia", "social commentary", "dystopia"];

const WORDS = (
  "user profile movie tag dystopia corporation guard system rigged flooded Europe shipping freedom obedience surveillance " +
  "family government books cameras conspiracy worker institution pattern previous items tagged social commentary thriller " +
  "retrieved description world control evidence story reveal twist ending drama keeper quiet history preference choice"
).split(" ");

/** Sampled text differs between candidates (temperature 0.7), as real traces do: seeded word salad. */
function sentences(seed: number, count: number, lead: (i: number) => string): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 14 + Math.floor(random() * 10) }, () => WORDS[Math.floor(random() * WORDS.length)]);
    return ` ${lead(i)}${words.join(" ")}.`;
  });
}

/** A candidate's first stream: the three HRT stages, then second-guessing (RPI's hesitation rule fires). */
function freshReasoning(seed: number): string[] {
  const stage = (n: number, header: string) => (i: number) => (i === 0 ? `${n > 1 ? "\n\n" : ""}${header}: ` : "");
  return [
    ...sentences(seed * 10 + 1, 4, stage(1, "Stage 1 - Requirement analysis")),
    ...sentences(seed * 10 + 2, 6, stage(2, "Stage 2 - User profile synthesis")),
    ...sentences(seed * 10 + 3, 8, (i) => ["Wait, ", "Hmm, ", "Alternatively, ", ""][i % 4]),
  ];
}

/** What the model writes after an injected thought: new text for every prefix it continues. */
function continuationText(seed: number, prefix: string): string {
  const words = sentences(seed * 10_000 + prefix.length, 3, () => "").join("");
  return `${words}\n\nStage 3 - Response generation: one tag, exactly as listed.</think>\n\n${TAGS[seed - RUN_SEED] ?? "dystopia"}`;
}

const SYNTHESIS_REASONING =
  "The three candidates answered dystopia, social commentary and dystopia. The user's profile tags movies about controlling " +
  "systems and surveillance as dystopia, and reserves social commentary for stories about a single institution. The new movie " +
  "describes a whole continent ruled by one corporation, so the user's pattern points to dystopia, which is also the majority.";

function reply(request: RecordedRequest) {
  if (request.lastUserMessage?.includes("You answered the task above")) {
    return { reasoning: SYNTHESIS_REASONING, content: "dystopia", usage: { prompt_tokens: 900, completion_tokens: 80, reasoning_tokens: 70 } };
  }
  const seed = Number(request.body.seed);
  if (request.continuation) return { content: continuationText(seed, request.assistantPrefix ?? ""), chunkSize: 40 };
  return { deltas: [...freshReasoning(seed).map((reasoning) => ({ reasoning })), { content: "dystopia" }] };
}

type Question = { id: string; input: string; profile: ProfileItem[] };

let temp: TempDatabase;
let server: FakeOpenAiServer;
let model: FakeModelServices;

beforeAll(async () => {
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer({ rules: [{ reply }] });
  model = fakeModelServices(temp.db, server.baseUrl);
});
afterAll(async () => {
  await model.dispose();
  await server.close();
  await temp.cleanup();
});

async function reaperItem() {
  const questions = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "samples", "lamp", "LaMP_2", "dev_questions.json"), "utf8")) as Question[];
  const q = questions[0];
  const example = makeExample("LaMP-2", q.input, q.profile, q.id);
  const graph = assertValidGraph(findTemplate("reaper")!.graph, nodeRegistry, { requireScoreNode: true });
  const result = await executeGraph(graph, { example, gold: "dystopia", services: model.services, seed: RUN_SEED });
  return { graph, outputs: result.outputs, record: buildRunItemRecord(graph, result.outputs) };
}

/** Every string in a JSON value. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}

/** Strings longer than `min` characters stored more than once. */
function repeatedLongStrings(json: string, min = 200): string[] {
  const counts = new Map<string, number>();
  for (const s of stringsOf(JSON.parse(json))) if (s.length > min) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([s]) => s);
}

/**
 * Stretches of `min` + 100 characters or more stored twice, anywhere (also inside longer strings):
 * each such repeat contains an aligned `min`-character window of one occurrence found again elsewhere.
 */
function repeatedText(json: string, min = 200): string[] {
  const strings = stringsOf(JSON.parse(json));
  const found: string[] = [];
  strings.forEach((s, n) => {
    for (let at = 0; at + min <= s.length; at += 100) {
      const window = s.slice(at, at + min);
      const again = strings.some((other, m) => {
        const first = other.indexOf(window);
        if (first === -1) return false;
        if (m !== n) return true;
        return first !== at || other.indexOf(window, at + 1) !== -1;
      });
      if (again) found.push(window);
    }
  });
  return found;
}

/** What the run layer stored before completions were compacted: node outputs, example and items by reference. */
function producedOutputs(outputs: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [node, ports] of Object.entries(outputs)) {
    out[node] = {};
    for (const [port, value] of Object.entries(ports)) {
      if (port === "example") out[node][port] = { exampleId: (value as { exampleId: string }).exampleId };
      else if (port === "items") {
        const { method, query, items } = value as { method: string; query: string; items: { id: string; index: number; rank: number; score: number | null }[] };
        out[node][port] = { method, query, items: items.map(({ id, index, rank, score }) => ({ id, index, rank, score })) };
      } else out[node][port] = value;
    }
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, Record<string, unknown>>;
}

describe("ReaPer item (HRT + 3 RPI candidates + SRM synthesis): RunItem.outputsJson", () => {
  it("stores every model call's output once, reads back exactly what the nodes produced, and is a fraction of the size", async () => {
    const { outputs, record } = await reaperItem();
    const completion = outputs.srm.completion as CompletionValue;
    // The item is what it should be: 3 candidates, each cut by RPI and continued, then one synthesis.
    expect(completion.candidates).toHaveLength(3);
    // Each candidate hesitates once (the continuations write no marker, so the rule cannot fire again
    // on the markers before its own injection); a stage may still be pushed on.
    const rules = (completion.candidates as CompletionValue[]).map((c) => (c.interventions ?? []).map((i) => i.rule));
    for (const candidate of rules) expect(candidate.filter((rule) => rule === "hesitation")).toEqual(["hesitation"]);
    const injections = rules.reduce((sum, candidate) => sum + candidate.length, 0);
    expect(completion.calls).toHaveLength(3 + injections + 1);
    expect(completion.calls!.filter((c) => c.finishReason === "intervention")).toHaveLength(injections);
    expect(completion.calls!.filter((c) => c.continuation)).toHaveLength(3);
    expect(record.answer).toBe("dystopia");

    const produced = producedOutputs(outputs);
    const before = Buffer.byteLength(JSON.stringify(produced));
    const after = Buffer.byteLength(record.outputsJson);
    console.log(`reaper item outputsJson: ${before} bytes as produced, ${after} bytes stored (${((100 * after) / before).toFixed(0)}%)`);

    expect(repeatedLongStrings(record.outputsJson)).toEqual([]);
    expect(repeatedText(record.outputsJson)).toEqual([]);
    expect(after).toBeLessThan(before / 4);
    // Lossless: the reader gives back every node's output as produced, for the trace viewer.
    expect(expandStoredOutputs(JSON.parse(record.outputsJson))).toEqual(produced);
  });

  it("the checks above catch the repeats of an item stored as produced", async () => {
    const { outputs } = await reaperItem();
    const asProduced = JSON.stringify(producedOutputs(outputs));
    expect(repeatedLongStrings(asProduced).length).toBeGreaterThan(0);
    expect(repeatedText(asProduced).length).toBeGreaterThan(0);
    // Items stored before this format read back unchanged.
    expect(expandStoredOutputs(JSON.parse(asProduced))).toEqual(JSON.parse(asProduced));
  });
});
