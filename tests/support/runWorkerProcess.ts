/**
 * A run worker in its own process, for the crash test (tests/integration/queue/crashedWorker.test.ts):
 *   npx tsx tests/support/runWorkerProcess.ts <databaseUrl> <redisUrl> <queueName> <prefix> <fakeServerBaseUrl> <concurrency> <lockDurationMs> <stalledIntervalMs>
 * It executes run items against the fake server until it is killed. Run from the repository root.
 */
import { openDatabase } from "../../server/db/client";
import { countTokens } from "../../server/llm/tokenCount";
import { nodeRegistry } from "../../server/nodes/registry";
import { createRunWorker } from "../../server/queue/bullmqRunQueue";
import { fakeEndpoint } from "./pipelineFixtures";

const [databaseUrl, redisUrl, queueName, prefix, baseUrl, concurrency, lockDuration, stalledInterval] = process.argv.slice(2);
if (!stalledInterval) {
  console.error("usage: runWorkerProcess.ts <databaseUrl> <redisUrl> <queueName> <prefix> <fakeServerBaseUrl> <concurrency> <lockDurationMs> <stalledIntervalMs>");
  process.exit(2);
}

// Loading the tokenizer's rank table blocks the event loop for seconds: do it before taking jobs, or
// the short job locks of the test expire while the first item runs.
countTokens("warm up");
const db = openDatabase(databaseUrl);
const worker = createRunWorker({
  db,
  redisUrl,
  queueName,
  prefix,
  concurrency: Number(concurrency),
  registry: nodeRegistry,
  // A long timeout: the parent scripts hanging replies and kills this process; no retry may interfere.
  endpoints: [fakeEndpoint(baseUrl, { timeoutMs: 120_000 })],
  env: {},
  name: `child-${process.pid}`,
  lockDuration: Number(lockDuration),
  stalledInterval: Number(stalledInterval),
  log: (line) => console.log(line),
});
await worker.ready();
console.log(`worker ${worker.name} ready`);
