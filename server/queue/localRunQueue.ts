import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import { nodeRegistry } from "../nodes/registry";
import { executeRun } from "../runs/executeRun";
import { createNodeServices } from "../runs/nodeServicesFactory";
import { loadEndpoints } from "../settings/endpointStore";

type ActiveRun = { controller: AbortController; done: Promise<void> };

/**
 * Executes runs inside this server process, in the background, one AbortController each.
 * (The BullMQ worker path for many machines is the scale-out alternative.)
 */
class LocalRunQueue {
  private readonly active = new Map<string, ActiveRun>();

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  start(db: Db, runId: string, useCache: boolean): void {
    if (this.active.has(runId)) throw new UserInputError(`Run ${runId} is already executing.`);
    const controller = new AbortController();
    const done = (async () => {
      // Endpoints are read per run, so one saved in the settings form a moment ago is used.
      const wiring = createNodeServices({ db, useCache, endpoints: await loadEndpoints(db) });
      try {
        await executeRun(db, runId, { registry: nodeRegistry, services: wiring.services, signal: controller.signal });
      } finally {
        await wiring.dispose();
      }
    })()
      .catch(async (err: unknown) => {
        // executeRun records item failures itself; reaching here means the run could not proceed at all.
        const message = err instanceof Error ? err.message : String(err);
        console.error(`Run ${runId} stopped: ${message}`);
        await db.run.update({ where: { id: runId }, data: { status: "failed", error: message, finishedAt: new Date() } }).catch(() => {});
      })
      .finally(() => this.active.delete(runId));
    this.active.set(runId, { controller, done });
  }

  /** Asks a run to stop; items in flight are dropped and will run again on resume. */
  async cancel(runId: string): Promise<boolean> {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort();
    await run.done;
    return true;
  }
}

const globalForQueue = globalThis as unknown as { __studioRunQueue?: LocalRunQueue };
export const localRunQueue: LocalRunQueue = (globalForQueue.__studioRunQueue ??= new LocalRunQueue());
