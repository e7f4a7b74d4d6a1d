// Profile counterfactuals: a run shows each example its own user's profile, another user's (a
// seeded derangement of the users: never its own), or none; the compare page then measures how
// much the answers depend on the profile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../../server/runs/executeRun";
import { nodeRegistry } from "../../../server/nodes/registry";
import { profileDonors } from "../../../server/runs/profileSource";
import { selectRunExamples } from "../../../server/runs/runExamples";
import { compareRuns } from "../../../server/runs/compareRuns";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { offlineServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, datasetFilesFor, importRunDataset, type RunDataset } from "../../support/runFixtures";

const TASK = "LaMP-2N";
let temp: TempDatabase;
let dataset: RunDataset;

beforeAll(async () => {
  temp = createTempDatabase();
  dataset = await importRunDataset(temp.db, TASK, 6);
});
afterAll(async () => {
  await temp.cleanup();
});

async function profileOf(exampleRowId: string): Promise<string> {
  return (await temp.db.example.findUniqueOrThrow({ where: { id: exampleRowId }, select: { profileJson: true } })).profileJson;
}

async function baselineRun(profileSource: "own" | "other" | "none", seed = 1): Promise<string> {
  const wiring = offlineServices(temp.db);
  try {
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    const runId = await createTestRun(temp.db, versionId, dataset.datasetId, { limit: dataset.examples.length, seed, profileSource });
    const result = await executeRun(temp.db, runId, { registry: nodeRegistry, services: wiring.services });
    expect(result.failed).toBe(0);
    return runId;
  } finally {
    await wiring.dispose();
  }
}

describe.skipIf(datasetFilesFor(TASK) === null)("profile source: own, another user's, none", () => {
  it("another user's: a derangement of the users, the same for the same seed, never the own profile", async () => {
    const refs = await selectRunExamples(temp.db, dataset.datasetId, { limit: dataset.examples.length });
    const donors = await profileDonors(temp.db, refs, 7);
    expect(donors.size).toBe(refs.length);
    for (const ref of refs) {
      const donor = donors.get(ref.id)!;
      expect(donor).not.toBe(ref.id);
      expect(await profileOf(donor)).not.toBe(await profileOf(ref.id));
    }
    expect(await profileDonors(temp.db, refs, 7)).toEqual(donors);
    // Another seed, another assignment (6 users: the cycle orders differ).
    const other = await profileDonors(temp.db, refs, 8);
    expect([...other.values()]).not.toEqual([...donors.values()]);
  });

  it("a dataset with one user cannot give anyone another user's profile: a clear error at creation", async () => {
    const one = await temp.db.dataset.create({ data: { name: "one user", task: TASK, split: "dev", source: "test", exampleCount: 2 } });
    const profile = JSON.stringify([{ id: "p1", title: "a", text: "b", category: "politics" }]);
    for (const [i, id] of ["q1", "q2"].entries()) {
      await temp.db.example.create({ data: { datasetId: one.id, position: i, exampleId: id, input: "x", profileJson: profile, profileSize: 1, gold: "politics" } });
    }
    const versionId = await createTestPipeline(temp.db, "profile-baseline");
    await expect(createTestRun(temp.db, versionId, one.id, { profileSource: "other" })).rejects.toThrow(/all belong to one user/);
  });

  it("runs retrieve from the profile they were shown; the comparison reports profile sensitivity", async () => {
    const own = await baselineRun("own");
    const swapped = await baselineRun("other");
    const none = await baselineRun("none");
    const refs = await selectRunExamples(temp.db, dataset.datasetId, { limit: dataset.examples.length });
    const donors = await profileDonors(temp.db, refs, 1);
    const retrieved = async (runId: string) =>
      new Map((await temp.db.runItem.findMany({ where: { runId }, select: { exampleRowId: true, retrievedIdsJson: true } })).map((i) => [i.exampleRowId, JSON.parse(i.retrievedIdsJson) as string[]]));
    const [ownItems, swappedItems, noneItems] = await Promise.all([retrieved(own), retrieved(swapped), retrieved(none)]);
    for (const ref of refs) {
      const ownIds = new Set((JSON.parse(await profileOf(ref.id)) as { id: string }[]).map((p) => String(p.id)));
      const donorIds = new Set((JSON.parse(await profileOf(donors.get(ref.id)!)) as { id: string }[]).map((p) => String(p.id)));
      expect(ownItems.get(ref.id)!.every((id) => ownIds.has(id))).toBe(true);
      expect(swappedItems.get(ref.id)!.length).toBeGreaterThan(0);
      expect(swappedItems.get(ref.id)!.every((id) => donorIds.has(id))).toBe(true);
      expect(noneItems.get(ref.id)).toEqual([]);
    }
    const comparison = await compareRuns(temp.db, [own, swapped, none], { seed: 1, resamples: 200 });
    expect(comparison.profileSensitivity.map((p) => p.runId)).toEqual([swapped]);
    const [sensitivity] = comparison.profileSensitivity;
    const ownAnswers = new Map((await temp.db.runItem.findMany({ where: { runId: own }, select: { exampleId: true, answer: true } })).map((i) => [i.exampleId, i.answer]));
    const changed = (await temp.db.runItem.findMany({ where: { runId: swapped }, select: { exampleId: true, answer: true } })).filter(
      (i) => (i.answer ?? "").trim() !== (ownAnswers.get(i.exampleId) ?? "").trim(),
    ).length;
    expect(sensitivity).toMatchObject({ changed, n: refs.length });
    expect(sensitivity!.share.estimate).toBeCloseTo(changed / refs.length, 12);
  });
});
