import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../../server/api/root";
import { createTrpcContext } from "../../../server/api/trpc";
import { createRunWorker, type RunWorker } from "../../../server/queue/bullmqRunQueue";
import { DEFAULT_RUN_QUEUE_NAME } from "../../../server/queue/redisRunQueueKeys";
import { closeStudioRunExecutors, studioRunExecutor } from "../../../server/queue/studioRunService";
import { saveEndpoint } from "../../../server/settings/endpointStore";
import { runEvents, type RunEvent } from "../../../server/runs/runEvents";
import { nodeRegistry } from "../../../server/nodes/registry";
import { countTokens } from "../../../server/llm/tokenCount";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { fakeEndpoint } from "../../support/pipelineFixtures";
import { cleanupQueue, redisSkipReason, uniqueQueueLocation } from "../../support/queueFixtures";
import { createTestPipeline, firstAvailableTask, importRunDataset, planAnswers, taskFormatReply, waitUntil, type RunDataset } from "../../support/runFixtures";

const TASK = firstAvailableTask(["LaMP-7", "LaMP-2", "LaMP-2N", "LaMP-1", "LaMP-3", "LaMP-4"]);
const skipReason = redisSkipReason() ?? (TASK ? null : "no LaMP dataset here (samples/lamp or ../shared/data/lamp-real)");
if (skipReason) console.log(`skipping the studio-through-BullMQ tests: ${skipReason}`);

/** The studio's own queue name, under a prefix of this file's (STUDIO_REDIS_PREFIX). */
const location = skipReason ? null! : { ...uniqueQueueLocation("router"), queueName: DEFAULT_RUN_QUEUE_NAME };
const savedEnv = { url: process.env.STUDIO_REDIS_URL, prefix: process.env.STUDIO_REDIS_PREFIX };
let temp: TempDatabase;
let server: FakeOpenAiServer;
let dataset: RunDataset;
let worker: RunWorker;
const events: RunEvent[] = [];
let unsubscribe: () => void = () => {};

beforeAll(async () => {
  if (skipReason) return;
  countTokens("warm up");
  process.env.STUDIO_REDIS_URL = location.redisUrl;
  process.env.STUDIO_REDIS_PREFIX = location.prefix;
  temp = createTempDatabase();
  server = await startFakeOpenAiServer();
  dataset = await importRunDataset(temp.db, TASK!, 6);
  unsubscribe = runEvents.subscribe("*", (e) => events.push(e));
  // The studio pins the endpoint saved on its Models page; the worker has the same one.
  const { apiKey: _none, ...endpoint } = fakeEndpoint(server.baseUrl);
  await saveEndpoint(temp.db, { config: endpoint }, {});
  worker = createRunWorker({ ...location, db: temp.db, concurrency: 2, registry: nodeRegistry, endpoints: [fakeEndpoint(server.baseUrl)], env: {} });
  await worker.ready();
});
afterEach(() => server?.reset());
afterAll(async () => {
  if (skipReason) return;
  unsubscribe();
  await worker.close({ abort: true });
  await closeStudioRunExecutors();
  await cleanupQueue(location);
  for (const [key, value] of [["STUDIO_REDIS_URL", savedEnv.url], ["STUDIO_REDIS_PREFIX", savedEnv.prefix]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await server.close();
  await temp.cleanup();
});

const eventsOf = (runId: string) => events.filter((e) => (e.type === "progress" ? e.progress.runId : e.runId) === runId);
const ended = (runId: string) => waitUntil(() => eventsOf(runId).some((e) => e.type === "run-finished"), `run ${runId} to end`, 60_000);

describe.skipIf(skipReason)("the studio with STUDIO_REDIS_URL: runs.start / cancel / resume go through BullMQ", () => {
  it("start enqueues for the workers; the live events reach this process's bus", { timeout: 60_000 }, async () => {
    expect(studioRunExecutor().kind).toBe("bullmq");
    server.setRules([{ reply: taskFormatReply(dataset.examples, planAnswers(dataset)) }]);
    const caller = createCaller(createTrpcContext(temp.db));
    const versionId = await createTestPipeline(temp.db, "rag-k4");
    const n = dataset.examples.length;
    const { runId, total, warnings } = await caller.runs.start({ pipelineVersionId: versionId, datasetId: dataset.datasetId, limit: n, useCache: false });
    expect(total).toBe(n);
    expect(warnings).toEqual([]);
    await ended(runId);

    expect(server.requests).toHaveLength(n);
    const run = await caller.runs.get({ id: runId });
    expect(run).toMatchObject({ status: "completed", doneItems: n, failedItems: 0, active: false });
    const types = eventsOf(runId).map((e) => e.type);
    expect(types.filter((t) => t === "item-finished")).toHaveLength(n);
    expect(types.filter((t) => t === "progress")).toHaveLength(n);
    expect(types[0]).toBe("run-started");
    expect(types.at(-1)).toBe("run-finished");
  });

  it("cancel stops a distributed run (Cancel offered while it runs); resume completes it", { timeout: 60_000 }, async () => {
    server.setRules([{ reply: { kind: "hang" } }]);
    const caller = createCaller(createTrpcContext(temp.db));
    const versionId = await createTestPipeline(temp.db, "rag-k4");
    const n = dataset.examples.length;
    const { runId } = await caller.runs.start({ pipelineVersionId: versionId, datasetId: dataset.datasetId, limit: n, useCache: false });
    await waitUntil(() => server.requests.length >= 2, "both worker slots on a hanging request");
    expect(await caller.runs.get({ id: runId })).toMatchObject({ status: "running", active: true });

    expect(await caller.runs.cancel({ id: runId })).toEqual({ cancelled: true });
    await waitUntil(() => worker.inFlight === 0, "the aborted items to end");
    expect(await caller.runs.get({ id: runId })).toMatchObject({ status: "cancelled", active: false, doneItems: 0 });
    await expect(caller.runs.cancel({ id: runId })).rejects.toThrow(/not executing/);

    server.setRules([{ reply: taskFormatReply(dataset.examples, planAnswers(dataset)) }]);
    events.length = 0;
    expect(await caller.runs.resume({ id: runId })).toEqual({ resumed: true, warnings: [] });
    await ended(runId);
    expect(await caller.runs.get({ id: runId })).toMatchObject({ status: "completed", doneItems: n, failedItems: 0, active: false });
  });
});
