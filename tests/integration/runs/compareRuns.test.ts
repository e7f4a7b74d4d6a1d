import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { compareRuns } from "../../../server/runs/compareRuns";
import { nodeRegistry } from "../../../server/nodes/registry";
import { findTemplate } from "../../../server/pipelines/templates";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { offlineServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, importRunDataset, type RunDataset } from "../../support/runFixtures";

let temp: TempDatabase;
let dataset: RunDataset;

/** The profile baseline with another retriever: same examples, different answers on some. */
function baselineWith(retrieve: Record<string, unknown>) {
  const graph = structuredClone(findTemplate("profile-baseline")!.graph);
  graph.nodes.find((n) => n.kind === "retrieve")!.params = retrieve;
  return graph;
}

async function runOf(graph: unknown): Promise<string> {
  const runId = await createTestRun(temp.db, await createTestPipeline(temp.db, graph), dataset.datasetId);
  const { services, dispose } = offlineServices(temp.db);
  await executeRun(temp.db, runId, { registry: nodeRegistry, services });
  await dispose();
  return runId;
}

beforeAll(async () => {
  temp = createTempDatabase();
  dataset = await importRunDataset(temp.db, "LaMP-3");
});
afterAll(async () => temp.cleanup());

describe("compareRuns", () => {
  it("pairs examples by id: the mean difference is the difference of the per-example metric means", async () => {
    const bm25 = await runOf(baselineWith({ method: "bm25", k: 4 }));
    const random = await runOf(baselineWith({ method: "random", k: 1 }));
    const result = await compareRuns(temp.db, [bm25, random], { seed: 7, resamples: 500 });

    expect(result.metrics).toEqual(["absoluteError"]);
    expect(result.sharedExamples).toBe(dataset.examples.length);
    const [paired] = result.paired;
    const errors = async (runId: string) =>
      new Map(
        (await temp.db.runItem.findMany({ where: { runId }, select: { exampleId: true, metricsJson: true } })).map((i) => [
          i.exampleId,
          (JSON.parse(i.metricsJson) as { absoluteError: number }).absoluteError,
        ]),
      );
    const a = await errors(bm25);
    const b = await errors(random);
    // Derivation: mean over examples of (random - bm25) absolute errors, both runs cover every example.
    const expected = [...a.keys()].reduce((sum, k) => sum + (b.get(k)! - a.get(k)!), 0) / a.size;
    expect(paired.difference.estimate).toBeCloseTo(expected, 12);
    expect(paired.difference.lower).toBeLessThanOrEqual(expected);
    expect(paired.difference.upper).toBeGreaterThanOrEqual(expected);
    expect(paired.shared).toBe(a.size);
    // Every listed example really has different answers, and the count matches.
    for (const d of result.differences) expect(new Set(d.answers).size).toBeGreaterThan(1);
    expect(result.differences.length).toBe(result.differingExamples);
  });

  it("finds no difference between two runs of the same pipeline", async () => {
    const first = await runOf(baselineWith({ method: "bm25", k: 4 }));
    const second = await runOf(baselineWith({ method: "bm25", k: 4 }));
    const result = await compareRuns(temp.db, [first, second]);
    expect(result.differingExamples).toBe(0);
    expect(result.paired[0].difference).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
  });

  it("refuses fewer than two runs and unknown ids", async () => {
    await expect(compareRuns(temp.db, ["x"])).rejects.toThrow(/at least two runs/);
    await expect(compareRuns(temp.db, ["x", "y"])).rejects.toThrow(/Runs not found: x, y/);
  });
});
