import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import { BullmqRunQueue } from "./bullmqRunQueue";
import { localRunQueue } from "./localRunQueue";
import { redactRedisUrl } from "./redisRunQueueKeys";
import { relayRunEvents, type RunEventRelay } from "./runEventRelay";

/** How the studio executes runs: in its own process, or as jobs for `cli worker` processes. */
export type RunQueue = {
  readonly kind: "local" | "bullmq";
  /** Starts (or resumes) a created run. */
  start(db: Db, runId: string, useCache: boolean): Promise<void>;
  /** Stops an executing run; UserInputError when it is not executing. */
  cancel(db: Db, runId: string): Promise<void>;
  /** Whether the run is executing (the page offers Cancel rather than Resume). */
  isActive(run: { id: string; status: string }): boolean;
  /** Makes sure this process hears the run's live events (distributed runs: the Redis relay). */
  listen(): void;
};

const local: RunQueue = {
  kind: "local",
  async start(db, runId, useCache) {
    localRunQueue.start(db, runId, useCache);
  },
  async cancel(_db, runId) {
    if (!(await localRunQueue.cancel(runId))) throw new UserInputError(`Run ${runId} is not executing in this studio.`);
  },
  isActive: (run) => localRunQueue.isActive(run.id),
  listen() {},
};

type DistributedRunQueue = RunQueue & { close(): Promise<void> };

function distributed(redisUrl: string, prefix: string | undefined): DistributedRunQueue {
  const queue = new BullmqRunQueue({ redisUrl, prefix });
  let relay: RunEventRelay | null = null;
  const listen = () => {
    relay ??= relayRunEvents({ redisUrl, prefix });
  };
  return {
    kind: "bullmq",
    async start(db, runId) {
      listen();
      try {
        await queue.ping();
        await relay!.ready; // subscribed before the run's first event is published
        await queue.enqueue(db, runId);
      } catch (err) {
        // A run that never started (Redis down) is marked failed, so the page offers Resume.
        const message = err instanceof Error ? err.message : String(err);
        await db.run.updateMany({ where: { id: runId, status: "queued" }, data: { status: "failed", error: `Could not enqueue: ${message}` } });
        throw err;
      }
    },
    async cancel(db, runId) {
      if (!(await queue.cancel(db, runId))) throw new UserInputError(`Run ${runId} is not queued or running.`);
    },
    // Workers elsewhere execute it: a running run is active until it ends or is cancelled.
    isActive: (run) => run.status === "running" || run.status === "queued",
    listen,
    async close() {
      await relay?.close();
      await queue.close();
    },
  };
}

// One per server process (and per Redis URL); Next's dev server reloads modules, so keep it on globalThis.
const globalForQueue = globalThis as unknown as { __studioDistributedQueue?: { key: string; queue: DistributedRunQueue } };

/**
 * The BullMQ queue when STUDIO_REDIS_URL is set (keys under STUDIO_REDIS_PREFIX, default "studio",
 * so several studios can share one Redis), else the in-process one.
 */
export function getRunQueue(env: Record<string, string | undefined> = process.env): RunQueue {
  const url = env.STUDIO_REDIS_URL?.trim();
  if (!url) return local;
  const prefix = env.STUDIO_REDIS_PREFIX?.trim() || undefined;
  const key = `${url} ${prefix ?? ""}`;
  const cached = globalForQueue.__studioDistributedQueue;
  if (cached?.key === key) return cached.queue;
  void cached?.queue.close();
  console.log(`Runs execute on workers through Redis at ${redactRedisUrl(url)} (npm run cli -- worker).`);
  const queue = distributed(url, prefix);
  globalForQueue.__studioDistributedQueue = { key, queue };
  return queue;
}

/** Closes the distributed queue's Redis connections, if one was opened (shutdown, tests). */
export async function closeRunQueue(): Promise<void> {
  const cached = globalForQueue.__studioDistributedQueue;
  globalForQueue.__studioDistributedQueue = undefined;
  await cached?.queue.close();
}
