import type { Db } from "../server/db/client";
import { BullmqRunQueue } from "../server/queue/bullmqRunQueue";
import { relayRunEvents } from "../server/queue/runEventRelay";
import type { ExecuteRunResult } from "../server/runs/executeRun";
import type { RunStatus } from "../server/runs/runConfig";
import { runEvents } from "../server/runs/runEvents";

/** How often the follower also reads the run's status, in case its end was published while unheard. */
const STATUS_POLL_MS = 2_000;

/**
 * Enqueues a run for `cli worker` processes instead of executing it here, then follows it until it
 * ends: progress arrives as runEvents (relayed from Redis), so the caller's progress bar works as for
 * a local run. Aborting `signal` cancels the run (finished items are kept).
 */
export async function executeOnWorkers(
  db: Db,
  runId: string,
  redisUrl: string,
  options: { signal: AbortSignal; log(line: string): void },
): Promise<ExecuteRunResult> {
  const location = { redisUrl, prefix: process.env.STUDIO_REDIS_PREFIX?.trim() || undefined };
  const queue = new BullmqRunQueue(location);
  const relay = relayRunEvents(location);
  let resolveEnd!: (status: string) => void;
  const ended = new Promise<string>((resolve) => (resolveEnd = resolve));
  const unsubscribe = runEvents.subscribe(runId, (event) => {
    if (event.type === "run-finished") resolveEnd(event.status);
  });
  const onAbort = () => {
    queue.cancel(db, runId).then(
      (cancelled) => cancelled === null && options.log(`Run ${runId} was no longer running.`),
      (err: unknown) => options.log(`Could not cancel run ${runId}: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  let poll: NodeJS.Timeout | undefined;
  try {
    await queue.ping();
    await relay.ready;
    options.signal.addEventListener("abort", onAbort, { once: true });
    const enqueued = await queue.enqueue(db, runId);
    if (enqueued.enqueued > 0) {
      options.log(`${enqueued.enqueued} items queued (${enqueued.alreadyDone} already done); workers execute them: npm run cli -- worker`);
    }
    poll = setInterval(() => {
      db.run.findUnique({ where: { id: runId }, select: { status: true } }).then(
        (run) => run && run.status !== "running" && run.status !== "queued" && resolveEnd(run.status),
        () => {},
      );
    }, STATUS_POLL_MS);
    const status = (await ended) as RunStatus;
    const stored = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { doneItems: true, failedItems: true } });
    return { status, done: stored.doneItems, failed: stored.failedItems, skipped: enqueued.alreadyDone };
  } finally {
    clearInterval(poll);
    options.signal.removeEventListener("abort", onAbort);
    unsubscribe();
    await relay.close();
    await queue.close();
  }
}
