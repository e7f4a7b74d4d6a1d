// What the run page asks of the server for a run of 20,000 finished ReaPer-style items (LaMP-2,
// three SRM candidates with RPI interventions and a synthesis each), on a temporary SQLite file:
//   final summary : summarizeRun (read every item, official evaluation, failure-mode aggregates with histograms)
//   live refresh  : the aggregates over the signals already in memory (LiveRunSummary, every 5 s while running)
//   runs.get      : the run with its stored summary (what the page polls; the dashboard downloads no items)
//   items page    : one page of 25 items, unfiltered and filtered by a signal (switches >= 2)
// Writes bench/RESULTS-run-page.md. Times are medians of 5 runs on this machine; the summary's size
// is the JSON the page downloads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { computeFailureSignals, type FailureSignals } from "../server/metrics/failureModes/itemSignals";
import { aggregateFailureSignals } from "../server/metrics/failureModes/runAggregates";
import { countTokens } from "../server/llm/tokenCount";
import { LAMP2_MOVIE_LABELS } from "../server/lamp/officialLabels";
import type { TraceThread } from "../server/llm/reasoningTrace";
import { mulberry32 } from "../server/metrics/stats/random";
import { summarizeRun } from "../server/runs/summarizeRun";
import { getRun, listRunItems } from "../server/runs/runQueries";
import { createTempDatabase } from "../tests/support/tempDatabase";
import { createTestPipeline } from "../tests/support/runFixtures";

const ITEMS = 20_000;
const DISTINCT_SIGNALS = 200;
const RUNS = 5;
const LABELS = [...LAMP2_MOVIE_LABELS];
const dir = path.dirname(fileURLToPath(import.meta.url));

/** A candidate thread: HRT stages, some dithering between labels in stage 3, one injected hesitation thought. */
function candidate(random: () => number, index: number): TraceThread {
  const pick = () => LABELS[Math.floor(random() * LABELS.length)]!;
  const dither = Array.from({ length: 1 + Math.floor(random() * 4) }, () => `Wait, maybe ${pick()}. Hmm, or ${pick()}.`).join(" ");
  const first = `Stage 1 - Requirement analysis: one tag. Stage 2 - User profile synthesis: the user tags ${pick()} films. Stage 3 - Response generation: ${dither}`;
  const second = `So ${pick()}.`;
  return {
    role: "candidate",
    index,
    spans: [
      { source: "model", text: first, call: 0 },
      { source: "injected", text: "\n\nEnough deliberation. I will commit to one tag.\n", call: 1, rule: "hesitation", atToken: countTokens(first) },
      { source: "model", text: second, call: 1 },
    ],
    calls: [
      { kind: "first", reasoningTokens: countTokens(first), tokenSource: "tokenizer", finishReason: "intervention" },
      { kind: "continuation", reasoningTokens: countTokens(second), tokenSource: "tokenizer", finishReason: "stop" },
    ],
    answer: pick(),
  };
}

function signalsFor(seed: number): { signals: FailureSignals; correct: number } {
  const random = mulberry32(seed);
  const threads = [0, 1, 2].map((i) => candidate(random, i));
  const answer = threads[0]!.answer;
  const gold = LABELS[seed % LABELS.length]!;
  const synthesis: TraceThread = {
    role: "synthesis",
    index: 0,
    spans: [{ source: "model", text: `Two candidates say ${answer}.`, call: 0 }],
    calls: [{ kind: "first", reasoningTokens: 8, tokenSource: "provider", finishReason: "stop" }],
    answer,
  };
  const signals = computeFailureSignals({
    spec: { kind: "label", labels: LABELS },
    input: "Which tag does this movie relate to among the following tags? description: A city of machines.",
    trace: { threads: [...threads, synthesis] },
    rawAnswer: answer,
    extractedAnswer: answer,
    retrievedItems: Array.from({ length: 4 }, (_, i) => ({ id: `p${i}`, text: `A film about ${LABELS[(seed + i) % LABELS.length]} and machines.` })),
    stageHeaders: ["Stage 1 - Requirement analysis", "Stage 2 - User profile synthesis", "Stage 3 - Response generation"],
    gold: { isCorrect: (a) => a === gold, isGoldCandidate: (v) => v === gold },
  });
  return { signals, correct: answer === gold ? 1 : 0 };
}

function median(work: () => Promise<unknown> | unknown): Promise<number> {
  return (async () => {
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await work();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  })();
}

export async function main(): Promise<void> {
  const temp = createTempDatabase("bench-run-page-");
  try {
    const { db } = temp;
    const variants = Array.from({ length: DISTINCT_SIGNALS }, (_, i) => signalsFor(i + 1));
    const dataset = await db.dataset.create({ data: { name: "bench LaMP-2 20k", task: "LaMP-2", split: "dev", source: "bench", exampleCount: ITEMS, goldCount: ITEMS } });
    const versionId = await createTestPipeline(db, "reaper");
    const run = await db.run.create({
      data: { pipelineVersionId: versionId, datasetId: dataset.id, status: "completed", totalItems: ITEMS, doneItems: ITEMS, configJson: JSON.stringify({ concurrency: 4, useCache: true, seed: 0 }) },
    });
    const CHUNK = 500;
    for (let from = 0; from < ITEMS; from += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, ITEMS - from) }, (_, j) => from + j);
      await db.example.createMany({
        data: rows.map((i) => ({ id: `ex${i}`, datasetId: dataset.id, position: i, exampleId: String(i), input: "A city of machines.", profileJson: "[]", profileSize: 0, gold: LABELS[(i % DISTINCT_SIGNALS + 1) % LABELS.length]! })),
      });
      await db.runItem.createMany({
        data: rows.map((i) => {
          const v = variants[i % DISTINCT_SIGNALS]!;
          return {
            runId: run.id,
            exampleRowId: `ex${i}`,
            exampleId: String(i),
            position: i,
            status: "done",
            answer: v.signals.candidateSignals![0]!.answer,
            rawAnswer: v.signals.candidateSignals![0]!.answer,
            metricsJson: JSON.stringify({ correct: v.correct, "raw.correct": v.correct }),
            signalsJson: JSON.stringify(v.signals),
            reasoningTokens: v.signals.reasoningTokens,
          };
        }),
      });
    }

    const finalSummary = await median(() => summarizeRun(db, run.id));
    const summary = await summarizeRun(db, run.id);
    const inMemory = Array.from({ length: ITEMS }, (_, i) => ({ exampleId: String(i), signals: variants[i % DISTINCT_SIGNALS]!.signals, metrics: { correct: variants[i % DISTINCT_SIGNALS]!.correct } }));
    const liveRefresh = await median(() => aggregateFailureSignals(inMemory));
    const summaryJson = JSON.stringify(summary);
    await db.run.update({ where: { id: run.id }, data: { summaryJson } });
    const runsGet = await median(() => getRun(db, run.id));
    const page = await median(() => listRunItems(db, run.id, { skip: 100, take: 25 }));
    const filtered = await median(() => listRunItems(db, run.id, { filter: "switching", skip: 100, take: 25 }));
    const matching = (await listRunItems(db, run.id, { filter: "switching", take: 1 })).total;

    const rows = [
      ["final summary (summarizeRun: read 20,000 items, official metrics, aggregates)", finalSummary],
      ["live refresh (aggregates over the signals in memory)", liveRefresh],
      ["runs.get (the stored summary, parsed through its schema)", runsGet],
      ["items page, unfiltered (25 items)", page],
      [`items page, filtered by switches >= 2 (25 of ${matching.toLocaleString("en-US")} matches)`, filtered],
    ] as const;
    const text = [
      "# Run page at 20,000 items",
      "",
      `Written by \`npm run bench -- runPage\` (bench/runPage.bench.ts), ${new Date().toISOString().slice(0, 16)}Z, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")}.`,
      "",
      `A run of ${ITEMS.toLocaleString("en-US")} finished LaMP-2 items, each with the signals of a ReaPer item (three SRM candidates with an RPI intervention each, a synthesis; ${DISTINCT_SIGNALS} distinct signal records cycled), on a temporary SQLite file. Median of ${RUNS} runs each.`,
      "",
      "| what the page asks | ms (median) |",
      "|---|---|",
      ...rows.map(([what, ms]) => `| ${what} | ${ms.toFixed(1)} |`),
      "",
      `The stored summary the page downloads (official metrics, aggregates, misalignment counts, length buckets, histograms over every item) is ${(Buffer.byteLength(summaryJson) / 1024).toFixed(1)} KB, whatever the number of items; before this round the page also downloaded the first 500 items to draw its histograms.`,
      "",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "RESULTS-run-page.md"), text);
    console.log(text);
  } finally {
    await temp.cleanup();
  }
}
