/**
 * Issue 11: a stored value with a key superjson refuses (a graph parameter named `constructor`, a
 * `constructor` key in an item's signals...) made pipelines.get, runs.get, runs.item and the bundle
 * export answer 500 "Detected property constructor". Stored JSON is now read through
 * server/safeJson.ts, which leaves such keys out and keeps the rest; saving such a graph is refused.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCaller } from "../../../server/api/root";
import { createTrpcContext, responseTransformer } from "../../../server/api/trpc";
import { nodeRegistry } from "../../../server/nodes/registry";
import { executeRun } from "../../../server/runs/executeRun";
import { offlineServices } from "../../support/pipelineServices";
import { createTestPipeline, createTestRun, importRunDataset } from "../../support/runFixtures";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let temp: TempDatabase;
let pipelineId: string;
let runId: string;
let exampleId: string;
/** The profile item (retrieved for `exampleId`) given a `constructor` key. */
let poisonedItemId: string;

/** Reads a JSON column, changes it, writes it back: the rows as an old studio, a script or a bundle left them. */
function edited(json: string, change: (value: any) => void): string {
  const value = JSON.parse(json);
  change(value);
  return JSON.stringify(value);
}

beforeAll(async () => {
  temp = createTempDatabase();
  const { db } = temp;
  const dataset = await importRunDataset(db, "LaMP-7", 3);
  const versionId = await createTestPipeline(db, "profile-baseline");
  runId = await createTestRun(db, versionId, dataset.datasetId, { limit: 3 });
  const { services, dispose } = offlineServices(db);
  await executeRun(db, runId, { registry: nodeRegistry, services });
  await dispose();

  const version = await db.pipelineVersion.findUniqueOrThrow({ where: { id: versionId } });
  pipelineId = version.pipelineId;
  await db.pipelineVersion.update({
    where: { id: versionId },
    data: {
      graphJson: edited(version.graphJson, (graph) => {
        graph.nodes[1].params.constructor = "a parameter the API could not serialize";
        graph.nodes[1].params.prototype = { constructor: { prototype: { polluted: true } } };
      }),
    },
  });
  const item = await db.runItem.findFirstOrThrow({ where: { runId, status: "done" }, orderBy: { position: "asc" } });
  exampleId = item.exampleId;
  poisonedItemId = JSON.parse(item.retrievedIdsJson)[0];
  await db.runItem.update({
    where: { id: item.id },
    data: {
      signalsJson: edited(item.signalsJson, (signals) => {
        signals.constructor = { name: "Object" };
      }),
      outputsJson: edited(item.outputsJson, (outputs) => {
        outputs.baseline.answer.constructor = 1;
      }),
    },
  });
  const example = await db.example.findUniqueOrThrow({ where: { id: item.exampleRowId } });
  await db.example.update({
    where: { id: example.id },
    data: {
      profileJson: edited(example.profileJson, (profile: { id: string; constructor?: unknown }[]) => {
        profile.find((p) => String(p.id) === poisonedItemId)!.constructor = "x";
      }),
    },
  });
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  await db.run.update({ where: { id: runId }, data: { summaryJson: edited(run.summaryJson!, (summary) => (summary.official.constructor = 1)) } });
});
afterAll(async () => {
  await temp.cleanup();
});

/** Every key at any depth of a value, as "a.b.c" paths. */
function keyPaths(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object" || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => [path ? `${path}.${k}` : k, ...keyPaths(v, path ? `${path}.${k}` : k)]);
}
const refusedKeys = (value: unknown) => keyPaths(value).filter((p) => /(^|\.)(constructor|prototype|__proto__)$/.test(p));

/** A GET through tRPC's fetch adapter, as app/api/trpc serves it: the server's transformer, then superjson on the client side. */
async function overHttp(path: string, input: unknown): Promise<{ status: number; data: unknown; error: unknown }> {
  const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const response = await fetchRequestHandler({ endpoint: "/api/trpc", req: new Request(url), router: appRouter, createContext: () => createTrpcContext(temp.db) });
  const body = await response.json();
  return { status: response.status, data: body.result ? superjson.deserialize(body.result.data) : undefined, error: body.error };
}

describe("records holding keys superjson refuses", () => {
  it("are really poisoned: superjson refuses the rows as JSON.parse reads them", async () => {
    const item = await temp.db.runItem.findFirstOrThrow({ where: { runId, exampleId } });
    expect(() => superjson.serialize(JSON.parse(item.signalsJson))).toThrow(/Detected property constructor/);
    const version = await temp.db.pipelineVersion.findFirstOrThrow({ where: { pipelineId } });
    expect(() => superjson.serialize(JSON.parse(version.graphJson))).toThrow(/Detected property constructor/);
  });

  it("pipelines.get, runs.get, runs.item and runs.exportBundle answer without those keys and keep the rest", async () => {
    const api = createCaller(createTrpcContext(temp.db));
    const pipeline = await api.pipelines.get({ id: pipelineId });
    const run = await api.runs.get({ id: runId });
    const item = await api.runs.item({ runId, exampleId });
    const bundle = await api.runs.exportBundle({ id: runId });

    for (const value of [pipeline, run, item, bundle]) {
      expect(refusedKeys(value)).toEqual([]);
      expect(() => superjson.serialize(value)).not.toThrow();
    }
    // The rest of each value is still there.
    expect(pipeline.version.graph.nodes[1]).toMatchObject({ id: "retrieve", kind: "retrieve", params: { method: "bm25", k: 4 } });
    expect(run.pipelineVersion.graph.nodes[1].params).toEqual(pipeline.version.graph.nodes[1].params);
    expect(run.summary?.official).toEqual({ "rouge-1": expect.any(Number), "rouge-L": expect.any(Number) });
    expect(item.signals).toEqual(expect.objectContaining({ reasoningTokens: expect.any(Number), usedItemIds: expect.any(Array) }));
    expect(item.outputs.baseline.answer).toEqual(expect.objectContaining({ text: expect.any(String) }));
    expect(item.retrieved[0]).toEqual(expect.objectContaining({ id: poisonedItemId, text: expect.any(String) }));
    expect(bundle.items.find((i) => i.exampleId === exampleId)?.signals).toEqual(item.signals);
    expect(bundle.pipeline.graph).toEqual(pipeline.version.graph);
  });

  it("answer the same over HTTP, through the server's transformer and the client's superjson", async () => {
    const api = createCaller(createTrpcContext(temp.db));
    const calls: [string, unknown, unknown][] = [
      ["pipelines.get", { id: pipelineId }, await api.pipelines.get({ id: pipelineId })],
      ["runs.item", { runId, exampleId }, await api.runs.item({ runId, exampleId })],
      ["runs.exportBundle", { id: runId }, null],
      ["runs.get", { id: runId }, null],
    ];
    for (const [path, input, direct] of calls) {
      const answer = await overHttp(path, input);
      expect({ path, status: answer.status, error: answer.error }).toEqual({ path, status: 200, error: undefined });
      expect(refusedKeys(answer.data)).toEqual([]);
      if (direct !== null) expect(answer.data).toEqual(direct);
    }
  });

  it("a graph with a parameter named constructor is refused on save, saying which node and parameter", async () => {
    const api = createCaller(createTrpcContext(temp.db));
    const { version } = await api.pipelines.get({ id: pipelineId });
    const graph = structuredClone(version.graph);
    graph.nodes[1].params = { ...graph.nodes[1].params, constructor: "x" };
    await expect(api.pipelines.saveVersion({ pipelineId, graph })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('nodes.1.params.constructor: "constructor" is a reserved name'),
    });
    await expect(api.pipelines.create({ name: "poisoned", graph })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // The same graph without it saves.
    graph.nodes[1].params = version.graph.nodes[1].params;
    await expect(api.pipelines.saveVersion({ pipelineId, graph })).resolves.toMatchObject({ version: 2 });
  });
});

describe("the server's response transformer", () => {
  it("sends a value superjson refuses without the refused keys instead of failing, and anything else as superjson does", () => {
    const when = new Date(0);
    const value = { at: when, signals: { constructor: 1, rate: 0.5 }, list: [{ prototype: 2, ok: true }] };
    expect(() => superjson.serialize(value)).toThrow(/Detected property/);
    expect(superjson.deserialize(responseTransformer.serialize(value))).toEqual({ at: when, signals: { rate: 0.5 }, list: [{ ok: true }] });
    const plain = { at: when, n: new Map([["constructor", 1]]) };
    expect(responseTransformer.serialize(plain)).toEqual(superjson.serialize(plain));
    expect(responseTransformer.deserialize(responseTransformer.serialize(plain))).toEqual(plain);
  });
});
