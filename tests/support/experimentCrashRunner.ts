/**
 * An experiment executor in its own process, for the experiment crash test
 * (tests/integration/experiments/crashResume.test.ts):
 *   npx tsx tests/support/experimentCrashRunner.ts <databaseUrl> <experimentId> <fakeServerBaseUrl>
 * It starts every run of the experiment in this process, against the fake server's "plain" model,
 * until they finish or it is killed. Run from the repository root.
 */
import { openDatabase } from "../../server/db/client";
import { nodeRegistry } from "../../server/nodes/registry";
import { createRunService } from "../../server/runs/runService";
import { LocalRunExecutor } from "../../server/runs/localRunExecutor";
import { embeddingsEndpointsOf } from "../../server/runs/endpointPins";
import { createExperimentService } from "../../server/experiments/experimentService";
import { fakeEndpoint } from "./pipelineFixtures";

const [databaseUrl, experimentId, baseUrl] = process.argv.slice(2);
if (!databaseUrl || !experimentId || !baseUrl) {
  console.error("usage: experimentCrashRunner.ts <databaseUrl> <experimentId> <fakeServerBaseUrl>");
  process.exit(2);
}

const db = openDatabase(databaseUrl);
// The endpoint the crash test pins its runs to (the parent resumes on the same one).
const endpoints = [fakeEndpoint(baseUrl, { name: "plain", model: "plain", timeoutMs: 120_000 })];
const runs = createRunService(db, new LocalRunExecutor(nodeRegistry), {
  registry: nodeRegistry,
  availableEndpoints: async () => ({ models: endpoints, embeddings: embeddingsEndpointsOf(endpoints, {}) }),
});
const experiments = createExperimentService(db, runs, nodeRegistry);
console.log(`runner ${process.pid} started experiment ${experimentId}`);
await experiments.start(experimentId);
await experiments.waitUntilStopped(experimentId);
console.log("runner finished");
await db.$disconnect();
