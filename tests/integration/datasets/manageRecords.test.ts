/** Rename, archive and delete datasets, pipelines, runs and experiments: what goes, what is refused. */
import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import { createTempDatabase } from "../../support/tempDatabase";
import { createTestPipeline, createTestRun, importRunDataset } from "../../support/runFixtures";

const temp = createTempDatabase("studio-manage-");
const api = createCaller(createTrpcContext(temp.db));
afterAll(() => temp.cleanup());

describe("datasets", () => {
  it("rename refuses another dataset's name", async () => {
    const a = await importRunDataset(temp.db, "LaMP-2", 2, "rename A");
    await importRunDataset(temp.db, "LaMP-2", 2, "rename B");
    await expect(api.datasets.rename({ id: a.datasetId, name: "rename B" })).rejects.toThrow('Another dataset is named "rename B".');
    await expect(api.datasets.rename({ id: a.datasetId, name: "  renamed  " })).resolves.toEqual({ id: a.datasetId, name: "renamed" });
  });

  it("delete lists the runs and experiments it takes along and needs exactly that list confirmed", async () => {
    const d = await importRunDataset(temp.db, "LaMP-2", 3, "to delete");
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const runId = await createTestRun(temp.db, versionId, d.datasetId, { limit: 2 });
    const plan = await api.datasets.deletionPlan({ id: d.datasetId });
    expect(plan).toMatchObject({ name: "to delete", runs: [{ id: runId }], experiments: [] });
    expect(plan.examples).toBe(await temp.db.example.count({ where: { datasetId: d.datasetId } }));
    await expect(api.datasets.delete({ id: d.datasetId, confirmRunIds: [] })).rejects.toThrow(/also deletes its 1 run/);
    expect(await temp.db.dataset.count({ where: { id: d.datasetId } })).toBe(1);
    await api.datasets.delete({ id: d.datasetId, confirmRunIds: [runId] });
    expect(await temp.db.dataset.count({ where: { id: d.datasetId } })).toBe(0);
    expect(await temp.db.run.count({ where: { id: runId } })).toBe(0);
    expect(await temp.db.example.count({ where: { datasetId: d.datasetId } })).toBe(0);
    // The pipeline version the run used stays.
    expect(await temp.db.pipelineVersion.count({ where: { id: versionId } })).toBe(1);
  });

  it("the page shows profile sizes, the gold spread, a page of examples and the runs", async () => {
    const d = await importRunDataset(temp.db, "LaMP-2", 4, "detail");
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    await createTestRun(temp.db, versionId, d.datasetId, { limit: 2 });
    const detail = await api.datasets.detail({ id: d.datasetId, take: 2 });
    expect(detail.examples).toHaveLength(2);
    expect(detail.runs).toHaveLength(1);
    expect(detail.profileSizes.max).toBeGreaterThanOrEqual(detail.profileSizes.min);
    expect(detail.profileSizes.buckets.reduce((n, b) => n + b.count, 0)).toBe(detail.exampleCount);
    expect(detail.golds.kind).toBe("label");
    if (detail.golds.kind !== "text") expect(detail.golds.counts.reduce((n, c) => n + c.count, 0) + detail.golds.missing).toBe(detail.exampleCount);
    const example = await api.datasets.example({ id: d.datasetId, exampleId: detail.examples[0].exampleId });
    expect(example.profile.length).toBe(detail.examples[0].profileSize);
  });
});

describe("pipelines", () => {
  it("a pipeline a run used cannot be deleted, only archived (hidden from the list, kept)", async () => {
    const d = await importRunDataset(temp.db, "LaMP-2", 2, "pipeline tests");
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const { pipelineId } = await temp.db.pipelineVersion.findUniqueOrThrow({ where: { id: versionId } });
    await createTestRun(temp.db, versionId, d.datasetId, { limit: 1 });
    await expect(api.pipelines.delete({ id: pipelineId })).rejects.toThrow(/used by 1 run\(s\).*Archive it instead/);
    await api.pipelines.archive({ id: pipelineId, archived: true });
    expect((await api.pipelines.list()).some((p) => p.id === pipelineId)).toBe(false);
    expect((await api.pipelines.list({ archived: true })).some((p) => p.id === pipelineId)).toBe(true);
    await api.pipelines.archive({ id: pipelineId, archived: false });
    expect((await api.pipelines.list()).some((p) => p.id === pipelineId)).toBe(true);
  });

  it("an unused pipeline is deleted; a rename refuses a taken name", async () => {
    const versionId = await createTestPipeline(temp.db, "rag-k4");
    const { pipelineId } = await temp.db.pipelineVersion.findUniqueOrThrow({ where: { id: versionId } });
    const other = await temp.db.pipelineVersion.findUniqueOrThrow({ where: { id: await createTestPipeline(temp.db, "rag-k4") }, include: { pipeline: true } });
    await expect(api.pipelines.rename({ id: pipelineId, name: other.pipeline.name })).rejects.toThrow(/Another pipeline is named/);
    await api.pipelines.delete({ id: pipelineId });
    expect(await temp.db.pipeline.count({ where: { id: pipelineId } })).toBe(0);
  });
});

describe("runs and experiments", () => {
  it("a run is renamed and deleted with its items; a cell of an experiment only with its experiment", async () => {
    const d = await importRunDataset(temp.db, "LaMP-2", 2, "run tests");
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const runId = await createTestRun(temp.db, versionId, d.datasetId, { limit: 1 });
    await expect(api.runs.rename({ id: runId, name: "baseline, first try" })).resolves.toMatchObject({ name: "baseline, first try" });
    await api.runs.delete({ id: runId });
    expect(await temp.db.run.count({ where: { id: runId } })).toBe(0);
    await expect(api.runs.delete({ id: runId })).rejects.toThrow(/does not exist/);

    const cell = await createTestRun(temp.db, versionId, d.datasetId, { limit: 1 });
    const experiment = await temp.db.experiment.create({ data: { name: "study", specJson: "{}" } });
    await temp.db.run.update({ where: { id: cell }, data: { experimentId: experiment.id } });
    await expect(api.runs.delete({ id: cell })).rejects.toThrow(/cell of an experiment/);
    await expect(api.experiments.delete({ id: experiment.id })).resolves.toEqual({ runs: 1 });
    expect(await temp.db.run.count({ where: { id: cell } })).toBe(0);
  });
});
