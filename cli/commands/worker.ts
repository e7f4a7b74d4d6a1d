import { parseArgs } from "node:util";
import { getDb } from "../../server/db/client";
import { defaultEndpointFromEnv, publicEndpointView } from "../../server/llm/endpointConfig";
import { nodeRegistry } from "../../server/nodes/registry";
import { createRunWorker } from "../../server/queue/bullmqRunQueue";
import { redactUrl, redactUrlsIn } from "../../server/urlCredentials";

export const description = "Execute run items queued in Redis (STUDIO_REDIS_URL) on this machine: [--concurrency N]";

const usage = `Usage:
  STUDIO_REDIS_URL=redis://host:6379 npm run cli -- worker [--concurrency N] [--name NAME]
  (STUDIO_REDIS_PREFIX, default "studio", must match the studio's when several share one Redis)
Executes the items of runs started with STUDIO_REDIS_URL set (the studio, or npm run cli -- run --queue),
next to any number of other workers. DATABASE_URL must name the studio's database: the same SQLite file
on one machine, PostgreSQL across machines. Models: the endpoints saved in the studio (Models page; their
keys need the studio's STUDIO_SECRET_KEY here), else this machine's STUDIO_LLM_* variables.
Ctrl-C (or SIGTERM) stops taking items and lets the ones in flight finish; a second one drops them
(their jobs go back to the queue for another worker).`;

const stamp = () => new Date().toISOString().slice(11, 19);

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      concurrency: { type: "string", default: "4" },
      name: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const redisUrl = process.env.STUDIO_REDIS_URL?.trim();
  if (!redisUrl) {
    console.error("STUDIO_REDIS_URL is not set: a worker takes run items from that Redis (e.g. STUDIO_REDIS_URL=redis://127.0.0.1:6379).\n");
    console.error(usage);
    return 2;
  }
  if (!/^\d+$/.test(values.concurrency) || Number(values.concurrency) < 1) {
    console.error(`--concurrency must be a whole number of at least 1, got "${values.concurrency}".`);
    return 2;
  }
  const concurrency = Number(values.concurrency);

  const db = getDb();
  const worker = createRunWorker({
    db,
    redisUrl,
    prefix: process.env.STUDIO_REDIS_PREFIX?.trim() || undefined,
    concurrency,
    registry: nodeRegistry,
    name: values.name,
    log: (line) => console.log(`${stamp()} ${redactUrlsIn(line)}`),
  });
  const endpoint = defaultEndpointFromEnv();
  console.log(
    `${stamp()} worker ${worker.name}: ${concurrency} items at a time from ${redactUrl(redisUrl)}, ` +
      `database ${process.env.DATABASE_URL ? "from DATABASE_URL" : "data/studio.db"}, ` +
      `models: the endpoints saved in the studio, else ${endpoint ? publicEndpointView(endpoint).model : "none here (STUDIO_LLM_* unset)"}`,
  );

  let signals = 0;
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals === 1) {
        console.log(`${stamp()} ${signal}: no new items; waiting for ${worker.inFlight} in flight (again to drop them)`);
        worker.close().then(resolve, resolve);
      } else {
        console.log(`${stamp()} ${signal}: dropping the items in flight; their jobs go back to the queue`);
        void worker.close({ abort: true });
      }
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  await worker.ready();
  console.log(`${stamp()} waiting for run items`);
  await stopped;
  await db.$disconnect();
  console.log(`${stamp()} worker stopped`);
  return 0;
}
