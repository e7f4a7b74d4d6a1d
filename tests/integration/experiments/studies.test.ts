// Experiments against the fake OpenAI-compatible server with two models, one thinking: the "LRM vs
// LLM across k" and "ReaPer ablation" studies expand into ordinary runs that keep their own model,
// run to the end, and summarize into cells, pooled repetitions and contrasts; an identical second
// experiment is answered from the shared cache; a cancelled experiment resumes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExperimentService } from "../../../server/experiments/experimentService";
import { summarizeExperiment } from "../../../server/experiments/experimentSummary";
import { studySpec } from "../../../server/experiments/studies";
import { cellsCsv, experimentReportHtml, findings, itemsJsonl } from "../../../server/experiments/experimentReport";
import { exportExperimentBundle, importExperimentBundle } from "../../../server/experiments/experimentBundle";
import { createRunService } from "../../../server/runs/runService";
import { LocalRunExecutor } from "../../../server/runs/localRunExecutor";
import { embeddingsEndpointsOf } from "../../../server/runs/endpointPins";
import { nodeRegistry } from "../../../server/nodes/registry";
import { seedTemplatePipelines } from "../../../server/pipelines/seedTemplatePipelines";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { fakeEndpoint } from "../../support/pipelineFixtures";
import { datasetFilesFor, importRunDataset, type RunDataset } from "../../support/runFixtures";

const TASK = "LaMP-2N";
const EXAMPLES = 4;

/** "thinker" reasons before answering (and dithers enough for RPI); "plain" answers at once. */
function model(request: RecordedRequest) {
  const usage = { prompt_tokens: 30, completion_tokens: 10, reasoning_tokens: request.body.model === "thinker" ? 12 : 0 };
  if (request.body.model !== "thinker") return { content: "politics", usage };
  if (request.lastUserMessage?.includes("You answered the task above")) return { reasoning: "Most say politics.", content: "politics", usage };
  if (request.continuation) return { content: " So politics.</think>politics", usage };
  const reasoning = ["The user writes about the senate.", " Wait, maybe business.", " Hmm, or sports.", " Alternatively, crime.", "\n\nDecide."];
  if (!request.stream) return { reasoning: reasoning.join(""), content: "politics", usage };
  return { deltas: [...reasoning.map((r) => ({ reasoning: r })), { content: "politics" }], usage };
}

let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;

/** Forgets the requests seen so far (the model stays the same). */
function resetModel(): void {
  server.reset();
  server.setRules([{ reply: model }]);
}

function services() {
  const endpoints = [fakeEndpoint(server.baseUrl, { name: "thinker", model: "thinker", continuation: "vllm" }), fakeEndpoint(server.baseUrl, { name: "plain", model: "plain", continuation: "vllm" })];
  const runs = createRunService(temp.db, new LocalRunExecutor(nodeRegistry), {
    registry: nodeRegistry,
    availableEndpoints: async () => ({ models: endpoints, embeddings: embeddingsEndpointsOf(endpoints, {}) }),
  });
  return createExperimentService(temp.db, runs, nodeRegistry);
}

beforeAll(async () => {
  countTokens("warm up");
  temp = createTempDatabase();
  server = await startFakeOpenAiServer({ rules: [{ reply: model }] });
  await seedTemplatePipelines(temp.db);
  dataset = await importRunDataset(temp.db, TASK, EXAMPLES);
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

describe.skipIf(datasetFilesFor(TASK) === null)("built-in studies on a sample dataset against two fake models", () => {
  it("LRM vs LLM across k: 2 models x 5 k, each run on its own model; cells, contrasts; a repeat costs no model call", async () => {
    const experiments = services();
    const spec = await studySpec(temp.db, "lrm-vs-llm-k", { datasetIds: [dataset.datasetId], endpoints: ["thinker", "plain"], limit: EXAMPLES });
    const size = await experiments.estimate(spec);
    expect(size).toMatchObject({ runs: 10, items: 10 * EXAMPLES, modelCalls: [10 * EXAMPLES, 10 * EXAMPLES] });

    resetModel();
    const { experimentId, runIds } = await experiments.create(spec);
    expect(runIds).toHaveLength(10);
    await experiments.start(experimentId);
    await experiments.waitUntilStopped(experimentId);
    expect(server.requests).toHaveLength(10 * EXAMPLES);

    const summary = await summarizeExperiment(temp.db, experimentId);
    expect(summary.status).toBe("completed");
    expect(summary.metric).toBe("correct");
    // Cells in grid order: the first factor (model) varies slowest.
    expect(summary.cells.map((c) => c.label)).toEqual([
      ...[0, 1, 2, 4, 8].map((k) => `model=thinker · retrieve.k=${k}`),
      ...[0, 1, 2, 4, 8].map((k) => `model=plain · retrieve.k=${k}`),
    ]);
    // Each run used the model of its cell: the thinker's cells report reasoning, the plain model's none.
    for (const cell of summary.cells) {
      const run = await temp.db.run.findUniqueOrThrow({ where: { id: cell.runId }, select: { configJson: true, reasoningTokens: true } });
      const pins = JSON.parse(run.configJson).endpoints as { nodes: Record<string, { endpoint: string }> };
      expect(Object.values(pins.nodes).map((n) => n.endpoint)).toEqual([cell.values.model]);
      expect(run.reasoningTokens).toBe(cell.values.model === "thinker" ? 12 * EXAMPLES : 0);
      expect(cell.metric).not.toBeNull();
    }
    // Contrasts: every k against k=0 within each model, every model against the thinker at each k.
    const kContrasts = summary.contrasts.filter((c) => c.factor === "retrieve.k");
    expect(kContrasts).toHaveLength(8);
    expect(summary.contrasts.filter((c) => c.factor === "model")).toHaveLength(5);
    for (const c of summary.contrasts) expect(c.shared).toBe(EXAMPLES);

    // The report: self-contained HTML (inline SVG, no script), findings from the contrasts; cells as CSV, items as JSONL.
    const html = await experimentReportHtml(temp.db, experimentId, "test");
    expect(html).not.toMatch(/<script|<link|src=/u);
    expect(html.match(/<polyline /gu)).toHaveLength(2);
    expect(html.match(/<polygon /gu)).toHaveLength(2);
    for (const line of findings(summary)) expect(html).toContain(line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
    expect(findings(summary)[0]).toMatch(/^model=plain vs thinker \(retrieve\.k=0\): [+-]?\d\.\d{3} \[[-\d.]+, [-\d.]+\] Accuracy \(per example\) over 4 examples: /u);
    expect(html).toContain("thinker: thinker at ");
    expect(cellsCsv(summary).trim().split("\n")).toHaveLength(11);
    const jsonl: string[] = [];
    for await (const line of itemsJsonl(temp.db, summary)) jsonl.push(line);
    expect(jsonl).toHaveLength(10 * EXAMPLES);
    expect(JSON.parse(jsonl[0]!)).toMatchObject({ cell: "model=thinker · retrieve.k=0", exampleId: expect.any(String), metrics: { correct: expect.any(Number) } });

    // The same design again: every answer comes from the shared cache.
    resetModel();
    const again = await experiments.create(spec);
    await experiments.start(again.experimentId);
    await experiments.waitUntilStopped(again.experimentId);
    expect(server.requests).toHaveLength(0);
    expect((await summarizeExperiment(temp.db, again.experimentId)).cells.map((c) => c.metric?.estimate)).toEqual(summary.cells.map((c) => c.metric?.estimate));
  });

  it("ReaPer ablation: five matched variants, stored as pipelines to open; each against the full pipeline", async () => {
    const experiments = services();
    const spec = await studySpec(temp.db, "reaper-ablation", { datasetIds: [dataset.datasetId], endpoints: ["thinker"], limit: EXAMPLES });
    const { experimentId } = await experiments.create(spec);
    await experiments.start(experimentId);
    await experiments.waitUntilStopped(experimentId);
    const summary = await summarizeExperiment(temp.db, experimentId);
    expect(summary.status).toBe("completed");
    expect(summary.cells.map((c) => c.values.ablation)).toEqual(["full", "without-hrt", "without-rpi", "without-srm", "vanilla"]);
    expect(summary.contrasts.map((c) => c.value)).toEqual(["without-hrt", "without-rpi", "without-srm", "vanilla"]);
    // RPI fires on the thinker's dithering only where RPI is kept.
    const interventions = Object.fromEntries(summary.cells.map((c) => [c.values.ablation, c.meanInterventions]));
    expect(interventions).toMatchObject({ full: 3, "without-hrt": 3, "without-rpi": 0, "without-srm": 1, vanilla: 0 });
    // The experiment as a bundle re-imports into another studio and reads the same there.
    const bundle = JSON.parse(JSON.stringify(await exportExperimentBundle(temp.db, experimentId)));
    const other = createTempDatabase("studio-other-");
    try {
      const imported = await importExperimentBundle(other.db, bundle);
      const there = await summarizeExperiment(other.db, imported.experimentId);
      expect(there.cells.map((c) => [c.label, c.metric?.estimate, c.meanInterventions, c.done])).toEqual(summary.cells.map((c) => [c.label, c.metric?.estimate, c.meanInterventions, c.done]));
      expect(there.contrasts.map((c) => [c.value, c.difference.estimate])).toEqual(summary.contrasts.map((c) => [c.value, c.difference.estimate]));
      expect(JSON.stringify(bundle)).not.toContain("sk-");
      await expect(importExperimentBundle(other.db, { ...bundle, cells: [{ ...bundle.cells[0], run: { format: "nonsense" } }] })).rejects.toThrow(/Cell 1 .*run bundle/);
      expect(await other.db.experiment.count()).toBe(1);
    } finally {
      await other.cleanup();
    }
    const pipelines = await temp.db.pipeline.findMany({ where: { name: { startsWith: "ReaPer (HRT + RPI + SRM) [" } }, select: { name: true } });
    expect(pipelines.map((p) => p.name).sort()).toEqual(
      ["model=thinker · full", "model=thinker · − HRT", "model=thinker · − RPI", "model=thinker · − SRM", "model=thinker · vanilla"].map((v) => `ReaPer (HRT + RPI + SRM) [${v}]`).sort(),
    );
  });

  it("a cancelled experiment resumes: finished items are kept, the rest run, nothing twice", async () => {
    const experiments = services();
    const spec = await studySpec(temp.db, "profile-counterfactual", { datasetIds: [dataset.datasetId], endpoints: ["plain"], limit: EXAMPLES });
    const { experimentId } = await experiments.create({ ...spec, useCache: false, concurrency: 1 });
    // A slow model, so the cancel lands while the runs are under way.
    server.reset();
    server.setRules([{ reply: (r) => ({ ...model(r), delayMs: 40 }) }]);
    await experiments.start(experimentId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await experiments.cancel(experimentId);
    await experiments.waitUntilStopped(experimentId);
    const before = await summarizeExperiment(temp.db, experimentId);
    await experiments.start(experimentId);
    await experiments.waitUntilStopped(experimentId);
    const after = await summarizeExperiment(temp.db, experimentId);
    expect(after.status).toBe("completed");
    expect(after.progress).toEqual({ done: 3 * EXAMPLES, failed: 0, total: 3 * EXAMPLES });
    // Items finished before the cancel were not redone: beyond one call per item, only the items in
    // flight at the cancel (at most one per run at concurrency 1) were asked again.
    expect(server.requests.length).toBeGreaterThanOrEqual(3 * EXAMPLES);
    expect(server.requests.length).toBeLessThanOrEqual(3 * EXAMPLES + 3);
    expect(before.progress.done).toBeLessThan(3 * EXAMPLES);
    const items = await temp.db.runItem.findMany({ where: { run: { experimentId } }, select: { runId: true, exampleId: true } });
    expect(new Set(items.map((i) => `${i.runId}/${i.exampleId}`)).size).toBe(3 * EXAMPLES);
    // own vs other, own vs none: the personalization contrasts.
    expect(after.contrasts.map((c) => [c.factor, c.value, c.reference])).toEqual([
      ["profile", "other", "own"],
      ["profile", "none", "own"],
    ]);
    // The personalization gap is own − other and own − none: those contrasts turned around.
    expect(after.personalizationGaps.map((g) => [g.versus, g.gap.estimate, g.gap.lower, g.gap.upper])).toEqual(
      after.contrasts.map((c) => [c.value, -c.difference.estimate, -c.difference.upper, -c.difference.lower]),
    );
  });
});
