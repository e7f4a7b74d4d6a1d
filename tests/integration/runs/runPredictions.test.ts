import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { buildRunPredictions } from "../../../server/runs/runPredictions";
import { evaluateOfficial } from "../../../server/metrics/lamp/officialEvaluation";
import { readOutputsFile } from "../../../server/lamp/lampFiles";
import { nodeRegistry } from "../../../server/nodes/registry";
import type { RunSummary } from "../../../server/runs/summarizeRun";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { offlineServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, datasetFilesFor, importRunDataset } from "../../support/runFixtures";

let temp: TempDatabase;
beforeAll(() => {
  temp = createTempDatabase();
});
afterAll(async () => temp.cleanup());

describe("a run's predictions in the official LaMP format", () => {
  it("export in dataset order and score, with the official evaluator, exactly as the run summary says", async () => {
    const dataset = await importRunDataset(temp.db, "LaMP-2N");
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId);
    const { services, dispose } = offlineServices(temp.db);
    await executeRun(temp.db, runId, { registry: nodeRegistry, services });
    await dispose();

    const file = await buildRunPredictions(temp.db, runId);
    expect(file.task).toBe("LaMP_2");
    expect(file.golds.map((g) => g.id)).toEqual(dataset.examples.map((e) => e.exampleId));

    // The same file the official script would read, against the dataset's own outputs file.
    const golds = await readOutputsFile(datasetFilesFor("LaMP-2N")!.outputs);
    const official = evaluateOfficial("LaMP_2", golds.golds, file.golds, { lamp2Labels: "news" });
    const run = await temp.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(official).toEqual((JSON.parse(run.summaryJson!) as RunSummary).official);
  });

  it("refuses an unfinished run unless missing ids are allowed", async () => {
    const dataset = await importRunDataset(temp.db, "LaMP-2N");
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId);
    await expect(buildRunPredictions(temp.db, runId)).rejects.toThrow(/have no prediction \(the official evaluator needs all\)/);
    expect((await buildRunPredictions(temp.db, runId, { allowMissing: true })).golds).toEqual([]);
  });
});
