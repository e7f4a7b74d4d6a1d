import type { Db } from "../db/client";
import type { RunItemWriter } from "./itemStore/runItemWriter";

/**
 * A run's sign of life. Whichever process executes a run (the studio, `cli run`, a BullMQ worker)
 * writes `Run.heartbeatAt` every HEARTBEAT_MS while it holds any of the run's items; when the studio
 * starts, a run still "running" whose heartbeat is older than STALE_AFTER_MS was left by a process
 * that died, and is marked "interrupted" (resume it to finish).
 */
export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 60_000;

/**
 * Written through the item writer's own connection: on SQLite a Prisma write could hold the write
 * lock across an await while the writer's synchronous transaction waits for it on the same thread.
 */
async function beat(writer: RunItemWriter, runId: string): Promise<void> {
  await writer.heartbeat(runId).catch((err: unknown) => {
    console.error(`Run ${runId}: could not write its heartbeat: ${(err as Error).message}`);
  });
}

/** Heartbeats of the runs this process executes, one timer per run however many items it holds. */
export class RunHeartbeats {
  private readonly held = new Map<string, { count: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly writer: RunItemWriter,
    private readonly intervalMs = HEARTBEAT_MS,
  ) {}

  /** Starts (or joins) the run's heartbeat; call the returned function when done with it. */
  hold(runId: string): () => void {
    let entry = this.held.get(runId);
    if (!entry) {
      void beat(this.writer, runId);
      const timer = setInterval(() => void beat(this.writer, runId), this.intervalMs);
      timer.unref();
      this.held.set(runId, (entry = { count: 0, timer }));
    }
    entry.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const current = this.held.get(runId);
      if (!current || --current.count > 0) return;
      clearInterval(current.timer);
      this.held.delete(runId);
    };
  }
}

/** Marks "interrupted" every running run whose heartbeat stopped; returns their ids. */
export async function markInterruptedRuns(db: Db, now = new Date()): Promise<string[]> {
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  const stale = await db.run.findMany({
    where: { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }] },
    select: { id: true, heartbeatAt: true },
  });
  for (const run of stale) {
    const since = run.heartbeatAt ? ` (last sign of life ${run.heartbeatAt.toISOString()})` : "";
    await db.run.updateMany({
      where: { id: run.id, status: "running" },
      data: { status: "interrupted", error: `The process executing this run stopped${since}. Resume it to finish: finished items are kept.` },
    });
  }
  return stale.map((r) => r.id);
}
