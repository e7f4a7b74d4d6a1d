/**
 * A run executor in its own process, for the crash test (tests/integration/runs/crashResume.test.ts):
 *   npx tsx tests/support/runFixturesCrashRunner.ts <databaseUrl> <runId> <fakeServerBaseUrl>
 * It executes the run against the fake server until it finishes or is killed. Run from the
 * repository root (migrations are found from the working directory).
 */
import { openDatabase } from "../../server/db/client";
import { nodeRegistry } from "../../server/nodes/registry";
import { executeRun } from "../../server/runs/executeRun";
import { runEvents } from "../../server/runs/runEvents";
import { createNodeServices } from "../../server/runs/nodeServicesFactory";
import { fakeEndpoint } from "./pipelineFixtures";

const [databaseUrl, runId, baseUrl] = process.argv.slice(2);
if (!databaseUrl || !runId || !baseUrl) {
  console.error("usage: runFixturesCrashRunner.ts <databaseUrl> <runId> <fakeServerBaseUrl>");
  process.exit(2);
}

const db = openDatabase(databaseUrl);
// A long timeout: the parent scripts hanging replies and kills this process; no retry may interfere.
const wiring = createNodeServices({ db, endpoints: [fakeEndpoint(baseUrl, { timeoutMs: 120_000 })], useCache: false, env: {} });
console.log(`runner ${process.pid} started run ${runId}`);
// What the runner reports as finished (stdout to a pipe is written synchronously on Linux): the
// crash test checks that every item reported here survives the kill.
runEvents.subscribe(runId, (event) => {
  if (event.type === "item-finished") console.log(`reported done ${event.exampleId}`);
});
const result = await executeRun(db, runId, { registry: nodeRegistry, services: wiring.services });
console.log(`runner finished: ${JSON.stringify(result)}`);
await wiring.dispose();
await db.$disconnect();
