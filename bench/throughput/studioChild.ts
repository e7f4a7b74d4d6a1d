/**
 * A measured studio process of the throughput benchmark (forked with tsx, IPC to the parent).
 * Roles, from the parent's first message:
 * - "local":   create a run and execute it in this process; report items, wall, CPU, peak RSS.
 * - "enqueue": create a run, hand it to BullMQ workers, wait for its end; report the same.
 * - "worker":  a BullMQ run worker; reports "ready", then its CPU between "begin" and "end".
 * All studio calls go through ../studioRun.ts.
 */
import {
  closeStudioDb,
  connectStudioDb,
  createTemplateRun,
  executeRunHere,
  executeRunOnQueue,
  openStudioDb,
  startQueueWorker,
  warmUp,
  firstItemError,
  runState,
  type BenchEndpoint,
  type QueueLocation,
  type RunOutcome,
} from "../studioRun";
import type { ChildReport } from "./shared";

export type StudioChildConfig =
  | {
      role: "local" | "enqueue";
      dbUrl: string;
      datasetId: string;
      template: string;
      items: number;
      concurrency: number;
      endpoint: BenchEndpoint;
      location?: QueueLocation;
      /** Load the tokenizer before the window (templates whose answers carry reasoning use it on every item). */
      warmTokenizer: boolean;
    }
  | { role: "worker"; dbUrl: string; concurrency: number; endpoint: BenchEndpoint; location: QueueLocation; name: string };

const mb = (bytes: number) => bytes / (1 << 20);
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const hrUs = () => Number(process.hrtime.bigint() / 1000n);
const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

function nextMessage(): Promise<any> {
  return new Promise((resolve) => process.once("message", resolve));
}

async function measuredRun(config: Extract<StudioChildConfig, { role: "local" | "enqueue" }>): Promise<ChildReport> {
  const db = openStudioDb(config.dbUrl);
  await connectStudioDb(db);
  if (config.warmTokenizer) warmUp();
  const { runId, total } = await createTemplateRun(db, {
    template: config.template,
    datasetId: config.datasetId,
    limit: config.items,
    concurrency: config.concurrency,
    endpoint: config.endpoint,
  });
  await send({ type: "created", runId });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const u0 = hrUs();
  const t0 = performance.now();
  let outcome: RunOutcome;
  if (config.role === "local") outcome = await executeRunHere(db, runId, config.endpoint);
  else outcome = await executeRunOnQueue(db, runId, config.location!, config.endpoint);
  const wallMs = performance.now() - t0;
  const u1 = hrUs();
  const cpu = cpuMs(process.cpuUsage(c0));
  const firstError = outcome.failed > 0 ? (await firstItemError(db, runId)) ?? undefined : undefined;
  const state = await runState(db, runId);
  await closeStudioDb(db);
  return {
    items: total,
    done: outcome.done,
    failed: outcome.failed,
    wallMs,
    cpuMs: cpu,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: mb(rssBefore),
    windowUs: [u0, u1],
    firstError,
    runStatus: state.status,
    runError: state.error ?? undefined,
  };
}

async function worker(config: Extract<StudioChildConfig, { role: "worker" }>): Promise<void> {
  const db = openStudioDb(config.dbUrl);
  await connectStudioDb(db);
  const handle = startQueueWorker(db, { location: config.location, concurrency: config.concurrency, endpoint: config.endpoint, name: config.name });
  await handle.ready();
  await send({ type: "ready" });
  const begin = await nextMessage();
  if (begin?.type !== "begin") throw new Error(`worker: expected begin, got ${JSON.stringify(begin)}`);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const u0 = hrUs();
  const t0 = performance.now();
  const end = await nextMessage();
  if (end?.type !== "end") throw new Error(`worker: expected end, got ${JSON.stringify(end)}`);
  const report: ChildReport = {
    items: 0,
    done: 0,
    failed: 0,
    wallMs: performance.now() - t0,
    cpuMs: cpuMs(process.cpuUsage(c0)),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: mb(rssBefore),
    windowUs: [u0, hrUs()],
  };
  await handle.close();
  await closeStudioDb(db);
  await send({ type: "report", report });
}

async function main(): Promise<void> {
  const first = await nextMessage();
  const config = first.config as StudioChildConfig;
  if (config.role === "worker") await worker(config);
  else await send({ type: "report", report: await measuredRun(config) });
  // Keep-alive sockets and timers would hold the process; exit (a --cpu-prof profile is still written).
  process.exit(0);
}

main().catch(async (err: unknown) => {
  console.error(err);
  await send({ type: "error", message: err instanceof Error ? err.stack ?? err.message : String(err) }).catch(() => {});
  process.exit(1);
});
