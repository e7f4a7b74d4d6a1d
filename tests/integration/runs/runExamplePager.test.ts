import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRunExamples, RunExamplePager, selectRunExamples } from "../../../server/runs/runExamples";
import { importRunDataset, type RunDataset } from "../../support/runFixtures";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let temp: TempDatabase;
let dataset: RunDataset;

beforeAll(async () => {
  temp = createTempDatabase();
  dataset = await importRunDataset(temp.db, "LaMP-7");
});
afterAll(() => temp.cleanup());

describe("a run's examples", () => {
  it("are handed out in order a page at a time, each page loaded once and dropped once taken", async () => {
    const refs = await selectRunExamples(temp.db, dataset.datasetId, {});
    expect(refs.length).toBeGreaterThanOrEqual(7);
    expect(Object.keys(refs[0]).sort()).toEqual(["exampleId", "id", "position"]); // no texts up front
    const queries: number[] = [];
    const counting = new Proxy(temp.db, {
      get: (target, prop) =>
        prop === "example"
          ? { findMany: (args: Parameters<typeof temp.db.example.findMany>[0]) => (queries.push(1), target.example.findMany(args)) }
          : Reflect.get(target, prop),
    });
    const pager = new RunExamplePager(counting, refs, 3);
    const taken = [];
    for (let i = 0; i < refs.length; i++) {
      taken.push(await pager.take(i));
      expect(pager.pagesHeld).toBeLessThanOrEqual(1);
    }
    expect(taken.map((e) => e?.exampleId)).toEqual(refs.map((r) => r.exampleId));
    expect(taken.every((e) => typeof e?.input === "string" && e.input.length > 0)).toBe(true);
    expect(queries).toHaveLength(Math.ceil(refs.length / 3));
    expect(pager.pagesHeld).toBe(0);
    expect(await loadRunExamples(temp.db, refs.slice(0, 2))).toEqual(taken.slice(0, 2));
  });
});
