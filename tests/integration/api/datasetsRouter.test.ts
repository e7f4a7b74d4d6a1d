import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let temp: TempDatabase;

beforeAll(async () => {
  temp = createTempDatabase();
  const { db } = temp;
  const lamp7 = await db.dataset.create({
    data: { name: "tweets", task: "LaMP-7", split: "dev", source: "import", exampleCount: 2, goldCount: 1 },
  });
  await db.dataset.create({ data: { name: "citations", task: "LaMP-1", split: "test", source: "sample", exampleCount: 0 } });
  await db.example.createMany({
    data: [
      { datasetId: lamp7.id, position: 1, exampleId: "b", input: "second", profileJson: "[]", profileSize: 0 },
      { datasetId: lamp7.id, position: 0, exampleId: "a", input: "first", profileJson: "[{}]", profileSize: 1, gold: "g" },
    ],
  });
});

afterAll(async () => temp.cleanup());

describe("datasets router over a real SQLite file", () => {
  it("lists datasets in task order with their counts", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    const rows = await caller.datasets.list();
    expect(rows.map((r) => [r.name, r.task, r.exampleCount, r.goldCount])).toEqual([
      ["citations", "LaMP-1", 0, 0],
      ["tweets", "LaMP-7", 2, 1],
    ]);
  });

  it("returns a dataset with its examples in file order", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    const [, tweets] = await caller.datasets.list();
    const detail = await caller.datasets.byId({ id: tweets.id });
    expect(detail.examples.map((e) => [e.exampleId, e.profileSize, e.gold])).toEqual([
      ["a", 1, "g"],
      ["b", 0, null],
    ]);
  });

  it("maps a missing dataset to NOT_FOUND and bad input to BAD_REQUEST", async () => {
    const caller = createCaller(createTrpcContext(temp.db));
    await expect(caller.datasets.byId({ id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.datasets.byId({ id: "" })).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.datasets.byId({ id: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
