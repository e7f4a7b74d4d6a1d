import type { Db } from "../db/client";
import type { ExecutableRun, RunExecutor } from "../runs/runService";
import { runEvents } from "../runs/runEvents";
import { redactUrlsIn } from "../urlCredentials";
import { BullmqRunQueue } from "./bullmqRunQueue";
import type { RunQueueLocation } from "./redisRunQueueKeys";
import { relayRunEvents, type RunEventRelay } from "./runEventRelay";

/** How often whenStopped also reads the run's status, in case its end was published while unheard. */
const STATUS_POLL_MS = 2_000;

/**
 * Executes runs as BullMQ jobs for `cli worker` processes (see bullmqRunQueue.ts for the protocol);
 * the workers resolve the run's pinned endpoints themselves. Live events come back through Redis.
 */
export class BullmqRunExecutor implements RunExecutor {
  readonly kind = "bullmq";
  private readonly queue: BullmqRunQueue;
  private relay: RunEventRelay | null = null;

  constructor(private readonly location: RunQueueLocation) {
    this.queue = new BullmqRunQueue(location);
  }

  listen(): void {
    this.relay ??= relayRunEvents(this.location);
  }

  async execute(db: Db, { prepared }: ExecutableRun): Promise<void> {
    this.listen();
    try {
      await this.queue.ping();
      await this.relay!.ready; // subscribed before the run's first event is published
      await this.queue.enqueue(db, prepared.runId);
    } catch (err) {
      // A run that never started (Redis down) is marked failed, so the page offers Resume.
      const message = redactUrlsIn(err instanceof Error ? err.message : String(err));
      await db.run.updateMany({ where: { id: prepared.runId, status: "queued" }, data: { status: "failed", error: `Could not enqueue: ${message}` } });
      throw err;
    }
  }

  async cancel(db: Db, runId: string): Promise<boolean> {
    return (await this.queue.cancel(db, runId)) !== null;
  }

  /** Workers elsewhere execute it: a running run is active until it ends or is cancelled. */
  isActive(run: { status: string }): boolean {
    return run.status === "running";
  }

  async whenStopped(db: Db, runId: string): Promise<void> {
    this.listen();
    let poll: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        unsubscribe = runEvents.subscribe(runId, (event) => event.type === "run-finished" && resolve());
        const check = () =>
          db.run.findUnique({ where: { id: runId }, select: { status: true } }).then((run) => {
            if (!run || !this.isActive(run)) resolve();
          }, reject);
        poll = setInterval(check, STATUS_POLL_MS);
        void check();
      });
    } finally {
      clearInterval(poll);
      unsubscribe();
    }
  }

  async close(): Promise<void> {
    await this.relay?.close();
    await this.queue.close();
  }
}
