import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointConfig } from "../../../server/llm/types";
import { nodeRegistry } from "../../../server/nodes/registry";
import { findTemplate } from "../../../server/pipelines/templates";
import { embeddingsEndpointsOf, EndpointChangedError } from "../../../server/runs/endpointPins";
import { LocalRunExecutor } from "../../../server/runs/localRunExecutor";
import { runConfigSchema } from "../../../server/runs/runConfig";
import { createRunService, type RunService } from "../../../server/runs/runService";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { fakeEndpoint, modelPipeline } from "../../support/pipelineFixtures";
import { createTestPipeline, firstAvailableTask, importRunDataset, planAnswers, taskFormatReply, type RunDataset } from "../../support/runFixtures";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

const TASK = firstAvailableTask(["LaMP-7", "LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-4"]);
if (!TASK) console.log("skipping the endpoint pinning tests: no LaMP dataset here (samples/lamp or ../shared/data/lamp-real)");

let temp: TempDatabase;
let serverA: FakeOpenAiServer;
let serverB: FakeOpenAiServer;
let dataset: RunDataset;
/** What the studio has configured "now"; tests change it between creating and resuming runs. */
let configured: EndpointConfig[] = [];
let service: RunService;

beforeAll(async () => {
  if (!TASK) return;
  temp = createTempDatabase();
  [serverA, serverB] = await Promise.all([startFakeOpenAiServer(), startFakeOpenAiServer()]);
  dataset = await importRunDataset(temp.db, TASK, 4);
  for (const server of [serverA, serverB]) server.setRules([{ reply: taskFormatReply(dataset.examples, planAnswers(dataset)) }]);
  service = createRunService(temp.db, new LocalRunExecutor(nodeRegistry), {
    registry: nodeRegistry,
    availableEndpoints: async () => ({ models: configured, embeddings: embeddingsEndpointsOf(configured, {}) }),
  });
});
afterAll(async () => {
  if (!TASK) return;
  await Promise.all([serverA.close(), serverB.close()]);
  await temp.cleanup();
});

const labA = () => fakeEndpoint(serverA.baseUrl, { name: "lab-a", model: "model-a" });
const labB = () => fakeEndpoint(serverB.baseUrl, { name: "sim-r1-rc", model: "model-b" });
const configOf = async (runId: string) => runConfigSchema.parse(JSON.parse((await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).configJson));
const chatModels = (server: FakeOpenAiServer) => server.requestsTo("/v1/chat/completions").map((r) => r.body?.model);

async function runToEnd(runId: string, options: { repin?: boolean } = {}) {
  await service.start(runId, options);
  return service.waitUntilStopped(runId);
}

describe.skipIf(!TASK)("runs pin the endpoints their nodes call", () => {
  it("a node naming an endpoint runs on it, and the run records which endpoint each node used", async () => {
    configured = [labA(), labB()];
    serverA.reset();
    serverB.reset();
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { endpoint: "sim-r1-rc" } }));
    const { runId } = await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 2, useCache: false } });

    const config = await configOf(runId);
    expect(config.endpoints?.nodes).toEqual({ model: { role: "model", endpoint: "sim-r1-rc" } });
    expect(config.endpoints?.models["sim-r1-rc"]).toMatchObject({ name: "sim-r1-rc", model: "model-b", baseUrl: serverB.baseUrl });
    expect(JSON.stringify(config)).not.toContain("apiKey\":");

    expect(await runToEnd(runId)).toMatchObject({ status: "completed", done: 2, failed: 0 });
    expect(chatModels(serverB)).toEqual(["model-b", "model-b"]);
    expect(serverA.requests).toHaveLength(0);
  });

  it('"default" stays the endpoint that was the default at creation, whatever is the default later', async () => {
    configured = [labA()];
    serverA.reset();
    serverB.reset();
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate" }));
    const { runId } = await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 2, useCache: false } });
    expect((await configOf(runId)).endpoints?.models.default).toMatchObject({ name: "lab-a", model: "model-a" });

    // Another endpoint becomes "default" before the run starts: the run keeps lab-a.
    configured = [fakeEndpoint(serverB.baseUrl, { name: "default", model: "model-b" }), labA()];
    expect(await runToEnd(runId)).toMatchObject({ status: "completed", done: 2 });
    expect(chatModels(serverA)).toEqual(["model-a", "model-a"]);
    expect(serverB.requests).toHaveLength(0);
  });

  it("resume refuses an endpoint that changed since (naming the field), and re-pinning records the change", async () => {
    configured = [labA()];
    serverA.reset();
    serverB.reset();
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { endpoint: "lab-a" } }));
    const { runId } = await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 3, useCache: false } });
    // The run stops before finishing (here: it is cancelled before its first start) ...
    await temp.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });

    // ... and lab-a is edited to point elsewhere meanwhile.
    configured = [fakeEndpoint(serverB.baseUrl, { name: "lab-a", model: "model-a" })];
    const refused = await service.start(runId).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(EndpointChangedError);
    expect((refused as EndpointChangedError).differences).toEqual([
      { role: "model", name: "lab-a", field: "baseUrl", pinned: serverA.baseUrl, now: serverB.baseUrl },
    ]);
    expect((refused as Error).message).toMatch(/baseUrl was .* now /);
    expect((await temp.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("cancelled");
    expect(serverA.requests.length + serverB.requests.length).toBe(0);

    // Restoring the endpoint lets the run resume as pinned.
    configured = [labA(), fakeEndpoint(serverB.baseUrl, { name: "other", model: "model-b" })];
    await temp.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
    expect(await runToEnd(runId)).toMatchObject({ status: "completed", done: 3 });
    expect(chatModels(serverA)).toHaveLength(3);

    // A re-pin is explicit and kept on the run.
    const second = await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 1, useCache: false } });
    configured = [fakeEndpoint(serverB.baseUrl, { name: "lab-a", model: "model-a2" })];
    await expect(service.start(second.runId)).rejects.toThrow(/model was model-a, now model-a2/);
    serverB.reset();
    expect(await runToEnd(second.runId, { repin: true })).toMatchObject({ status: "completed", done: 1 });
    expect(chatModels(serverB)).toEqual(["model-a2"]);
    const config = await configOf(second.runId);
    expect(config.endpoints?.models["lab-a"]).toMatchObject({ model: "model-a2", baseUrl: serverB.baseUrl });
    expect(config.repins).toHaveLength(1);
    expect(config.repins[0].changes.map((c) => c.field).sort()).toEqual(["baseUrl", "model"]);
  });

  it("a run from before pinning is checked against the default endpoint it recorded, then pinned", async () => {
    configured = [labA()];
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate" }));
    const { runId } = await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 1, useCache: false } });
    const legacy = { ...(await configOf(runId)), endpoints: undefined, endpoint: { name: "default", provider: "openai-compatible", baseUrl: serverA.baseUrl, model: "old-model", hasApiKey: false } };
    await temp.db.run.update({ where: { id: runId }, data: { configJson: JSON.stringify(legacy), status: "cancelled" } });

    await expect(service.start(runId)).rejects.toThrow(/model was old-model, now model-a/);
    expect(await runToEnd(runId, { repin: true })).toMatchObject({ status: "completed", done: 1 });
    expect((await configOf(runId)).endpoints?.models.default).toMatchObject({ name: "lab-a", model: "model-a" });
  });

  it("creating a run whose node names an endpoint that does not exist is refused, naming the node", async () => {
    configured = [labA()];
    const versionId = await createTestPipeline(temp.db, modelPipeline({ kind: "generate", params: { endpoint: "sim-r1-typo" } }));
    await expect(service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 1 } })).rejects.toThrow(
      /Node "model" \(generate\): parameter endpoint: the model endpoint "sim-r1-typo" is not configured \(configured: lab-a, default\)/,
    );
    expect(await temp.db.run.count({ where: { pipelineVersionId: versionId } })).toBe(0);
  });

  it("the retrieve node's embeddingEndpoint selects the embeddings endpoint", async () => {
    configured = [labA(), fakeEndpoint(serverB.baseUrl, { name: "embedder", model: "embed-model" })];
    serverA.reset();
    serverB.reset();
    const rag = structuredClone(findTemplate("rag-k4")!.graph);
    const retrieve = rag.nodes.find((n) => n.kind === "retrieve")!;
    retrieve.params = { ...retrieve.params, method: "dense", embeddingEndpoint: "embedder" };
    const versionId = await createTestPipeline(temp.db, rag);
    const { runId } = await service.create({ pipelineVersionId: versionId, datasetId: dataset.datasetId, config: { limit: 2, useCache: false } });
    expect((await configOf(runId)).endpoints?.embeddings.embedder).toMatchObject({ name: "embedder", model: "embed-model", source: "endpoint" });

    expect(await runToEnd(runId)).toMatchObject({ status: "completed", done: 2 });
    const embeddingRequests = serverB.requestsTo("/v1/embeddings");
    expect(embeddingRequests.length).toBeGreaterThan(0);
    expect(new Set(embeddingRequests.map((r) => r.body?.model))).toEqual(new Set(["embed-model"]));
    expect(serverA.requestsTo("/v1/embeddings")).toHaveLength(0);
    expect(chatModels(serverA)).toEqual(["model-a", "model-a"]);
  });
});
