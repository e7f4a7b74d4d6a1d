/**
 * Issue 11's corpus of bad bundles: each one, sent as a file's text the way an upload or
 * `cli import --bundle` sends it, is refused with a located message written for the user (no Prisma
 * or internal text), and leaves every table's row count as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserInputError } from "../../../server/errors";
import { importAnyBundle } from "../../../server/experiments/importBundle";
import type { RunBundle } from "../../../server/runs/runBundleSchema";
import { parseJson } from "../../../server/safeJson";
import { exportedSampleRun } from "../../support/bundleFixtures";
import { newTally, printTally, tableCounts } from "../../support/tableCounts";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let source: TempDatabase;
let target: TempDatabase;
let base: RunBundle;

beforeAll(async () => {
  source = createTempDatabase();
  target = createTempDatabase("studio-corpus-");
  base = (await exportedSampleRun(source)).bundle;
});
afterAll(async () => {
  await source.cleanup();
  await target.cleanup();
});

/** A copy of the sample bundle with `change` applied (loosely typed: the point is to break it). */
function run(change: (b: any) => void): unknown {
  const copy = structuredClone(base) as any;
  change(copy);
  return copy;
}

/** An experiment bundle around run bundles (a design that parses; the import rewrites its ids). */
function experiment(runs: unknown[], change: (e: any) => void = () => {}): unknown {
  const bundle: any = {
    format: "reaper-studio-experiment",
    version: 1,
    exportedAt: "2025-01-01T00:00:00.000Z",
    name: "corpus study",
    spec: { name: "corpus study", pipelineVersionId: "elsewhere", datasetIds: ["elsewhere"], factors: [] },
    cells: runs.map((r, i) => ({ cell: { index: i, values: {}, repetition: 0, label: `cell ${i}` }, run: r })),
  };
  change(bundle);
  return bundle;
}

/** A bundle's text with `levels` nested arrays where the string "DEEP" was (JSON.stringify cannot write such a value). */
const withDeepNesting = (bundle: unknown, levels: number): string => JSON.stringify(bundle).replace('"DEEP"', `${"[".repeat(levels)}${"]".repeat(levels)}`);

/** A case is a bundle, or the text of one. */
type Case = { name: string; bundle: () => unknown; error: RegExp } | { name: string; text: () => string; error: RegExp };

const CASES: Case[] = [
  { name: "not an object", bundle: () => [base], error: /Not a ReaPer Studio run bundle: \(root\): .*expected object/ },
  { name: "another format", bundle: () => run((b) => (b.format = "something-else")), error: /Not a ReaPer Studio run bundle: format: / },
  { name: "version 3", bundle: () => run((b) => (b.version = 3)), error: /Not a ReaPer Studio run bundle: version: / },
  { name: "a field the format does not have", bundle: () => run((b) => (b.payload = "x")), error: /Unrecognized key: "payload"/ },
  { name: "task LaMP-99", bundle: () => run((b) => (b.dataset.task = "LaMP-99")), error: /dataset\.task: Invalid option/ },
  { name: "status pwned<script>", bundle: () => run((b) => (b.run.status = "pwned<script>")), error: /run\.status: Invalid option/ },
  { name: "totalItems -3", bundle: () => run((b) => (b.run.totalItems = -3)), error: /run\.totalItems: Too small/ },
  { name: "fewer totalItems than items", bundle: () => run((b) => (b.run.totalItems = 2)), error: /run\.totalItems is 2, but the bundle holds 5 items/ },
  { name: "negative token count", bundle: () => run((b) => (b.items[0].promptTokens = -1)), error: /items\[0\]\.promptTokens: Too small/ },
  { name: "fractional latency", bundle: () => run((b) => (b.items[1].latencyMs = 1.5)), error: /items\[1\]\.latencyMs: Invalid input: expected int/ },
  { name: "count past a 32-bit column", bundle: () => run((b) => (b.items[0].attempts = 1e12)), error: /items\[0\]\.attempts: Too big/ },
  { name: "token sums past a 32-bit column", bundle: () => run((b) => b.items.forEach((i: any) => (i.completionTokens = 2_000_000_000))), error: /completionTokens add up to 10000000000/ },
  { name: "negative example position", bundle: () => run((b) => (b.dataset.examples[0].position = -1)), error: /dataset\.examples\[0\]\.position: Too small/ },
  { name: "example id of 600 characters", bundle: () => run((b) => (b.dataset.examples[0].exampleId = "x".repeat(600))), error: /dataset\.examples\[0\]\.exampleId: Too big/ },
  { name: "unknown split", bundle: () => run((b) => (b.dataset.split = "validation")), error: /dataset\.split: Invalid option/ },
  { name: "empty dataset name", bundle: () => run((b) => (b.dataset.name = "")), error: /dataset\.name: Too small/ },
  { name: "a date that is not one", bundle: () => run((b) => (b.run.createdAt = "yesterday")), error: /run\.createdAt: Invalid ISO datetime/ },
  { name: "missing exportedAt", bundle: () => run((b) => delete b.exportedAt), error: /exportedAt: Invalid input/ },
  { name: "summary.official a string (poisoned the Runs page)", bundle: () => run((b) => (b.run.summary.official = "high")), error: /run\.summary\.official: / },
  { name: "signals that are not signals", bundle: () => run((b) => (b.items[0].signals = { foo: 1 })), error: /items\[0\]\.signals\.\w+: / },
  { name: "a metric that is not a number", bundle: () => run((b) => (b.items[0].metrics = { rouge1: "0.5" })), error: /items\[0\]\.metrics\.rouge1: / },
  { name: "an item status that does not exist", bundle: () => run((b) => (b.items[0].status = "skipped")), error: /items\[0\]\.status: Invalid option/ },
  { name: "an answer of more than 1,000,000 characters", bundle: () => run((b) => (b.items[0].answer = "a".repeat(1_000_001))), error: /items\[0\]\.answer: Too big/ },
  { name: "a profile item without id", bundle: () => run((b) => delete b.dataset.examples[0].profile[0].id), error: /dataset\.examples\[0\]\.profile\[0\]: expected a profile item/ },
  {
    name: "profile items without the task's fields",
    bundle: () => run((b) => delete b.dataset.examples[1].profile[0].text),
    error: /dataset\.examples\[1\] \(id "[^"]+"\): profile\[0\] \(id [^)]+\) has no "text" \(LaMP-7 profile items need id, text\)/,
  },
  {
    name: "a gold the task cannot score",
    bundle: () =>
      run((b) => {
        b.dataset.task = "LaMP-3";
        for (const e of b.dataset.examples) {
          for (const p of e.profile) p.score = "4";
          e.gold = "4";
        }
        b.dataset.examples[2].gold = "9";
      }),
    error: /dataset\.examples\[2\] \(id "[^"]+"\): gold: output "9" is not a rating from 1 to 5/,
  },
  {
    name: "duplicate example ids",
    bundle: () => run((b) => (b.dataset.examples[3].exampleId = b.dataset.examples[1].exampleId)),
    error: /dataset\.examples\[3\]\.exampleId "[^"]+" repeats dataset\.examples\[1\] \(example ids are unique in a dataset\)/,
  },
  { name: "duplicate item ids", bundle: () => run((b) => (b.items[4].exampleId = b.items[0].exampleId)), error: /items\[4\]\.exampleId "[^"]+" repeats items\[0\] \(a run has one item per example\)/ },
  { name: "an item of an example it does not carry", bundle: () => run((b) => (b.items[0].exampleId = "not-in-bundle")), error: /examples it does not contain: not-in-bundle/ },
  { name: "NUL in an input", bundle: () => run((b) => (b.dataset.examples[0].input += "\u0000")), error: /dataset\.examples\[0\] \(id "[^"]+"\): input contains a NUL character \(U\+0000\)/ },
  { name: "NUL in a profile field", bundle: () => run((b) => (b.dataset.examples[1].profile[0].text = "a\u0000")), error: /dataset\.examples\[1\] .*: profile\[0\]\.text contains a NUL character/ },
  { name: "NUL in the dataset name", bundle: () => run((b) => (b.dataset.name = "d\u0000")), error: /dataset\.name contains a NUL character/ },
  { name: "a graph parameter of 30,000 characters", bundle: () => run((b) => (b.pipeline.graph.nodes[2].params.fallback = "x".repeat(30_000))), error: /pipeline is not valid here:\n- Graph document at nodes\[2\]\.params\.fallback: a text of 30000 characters \(at most 20000\)/ },
  { name: "a graph without a score node", bundle: () => run((b) => (b.pipeline.graph.nodes = b.pipeline.graph.nodes.filter((n: any) => n.kind !== "score"))), error: /needs a score node/ },
  { name: "an unknown node parameter", bundle: () => run((b) => (b.pipeline.graph.nodes[1].params.kk = 4)), error: /Node "retrieve" \(retrieve\): unknown parameter "kk"/ },
  { name: "a run config that is not one", bundle: () => run((b) => (b.run.config.concurrency = "lots")), error: /run config is not valid: run\.config\.concurrency: / },
  { name: "100,000-level nesting in an item's outputs", text: () => withDeepNesting(run((b) => (b.items[0].outputs = { x: "DEEP" })), 100_000), error: /items\[0\]\.outputs\.x(\[0\])+\.\.\. \(64 levels down\): nested deeper than 64 levels/ },
  { name: "experiment: not a bundle", bundle: () => experiment([base], (e) => (e.cells = "none")), error: /Not a ReaPer Studio experiment bundle: cells: / },
  { name: "experiment: no cells", bundle: () => experiment([]), error: /Not a ReaPer Studio experiment bundle: cells: Too small/ },
  { name: "experiment: a field the format does not have", bundle: () => experiment([base], (e) => (e.extra = 1)), error: /Unrecognized key: "extra"/ },
  { name: "experiment: NUL in its name", bundle: () => experiment([base], (e) => (e.name = "s\u0000")), error: /name: contains a NUL character/ },
  { name: "experiment: a design that is not one", bundle: () => experiment([base], (e) => (e.spec.repetitions = 0)), error: /design is not valid: spec\.repetitions: Too small/ },
  {
    name: "experiment: a good cell then a bad one (the good one is not kept either)",
    bundle: () => experiment([base, run((b) => (b.dataset.task = "LaMP-99"))]),
    error: /Cell 2 \("cell 1"\), cells\[1\]\.run: Not a ReaPer Studio run bundle: dataset\.task: Invalid option/,
  },
];

describe("the bad-bundle corpus", () => {
  it(`refuses each of ${CASES.length} bad bundles with its located error and leaves every table as it was`, { timeout: 120_000 }, async () => {
    const tally = newTally();
    const misses: string[] = [];
    for (const c of CASES) {
      tally.tried += 1;
      const before = await tableCounts(target.db);
      let message = "(accepted)";
      let clear = false;
      try {
        // As an upload or the CLI reads it: the file's text through the prototype-safe parser.
        await importAnyBundle(target.db, parseJson("text" in c ? c.text() : JSON.stringify(c.bundle()), "bundle.json"));
      } catch (err) {
        message = err instanceof Error ? err.message : String(err);
        clear = err instanceof UserInputError && c.error.test(message) && !/prisma|invocation|stack/i.test(message);
      }
      const unchanged = JSON.stringify(await tableCounts(target.db)) === JSON.stringify(before);
      if (clear) tally.clearError += 1;
      if (unchanged) tally.unchanged += 1;
      if (!clear || !unchanged) misses.push(`${c.name}: ${clear ? "" : `message ${JSON.stringify(message.slice(0, 300))}`}${unchanged ? "" : " (database changed)"}`);
    }
    printTally("bundles", tally);
    expect(misses).toEqual([]);
    expect(tally.tried).toBeGreaterThanOrEqual(30);
  });

  it("the sample bundle itself imports (the corpus breaks a good bundle, one thing at a time)", async () => {
    const imported = await importAnyBundle(target.db, parseJson(JSON.stringify(base), "bundle.json"));
    expect(imported.kind).toBe("run");
    const study = await importAnyBundle(target.db, parseJson(JSON.stringify(experiment([base, base])), "bundle.json"));
    expect(study).toMatchObject({ kind: "experiment", runIds: [expect.any(String), expect.any(String)] });
  });
});
