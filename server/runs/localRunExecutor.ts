import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import { redactUrlsIn } from "../urlCredentials";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { executeRun } from "./executeRun";
import { createNodeServices } from "./nodeServicesFactory";
import type { ExecutableRun, RunExecutor } from "./runService";

type ActiveRun = { controller: AbortController; done: Promise<void> };

/**
 * Executes runs inside this process, in the background, one AbortController each, with node
 * services wired to the run's pinned endpoints. (The BullMQ executor is the scale-out alternative.)
 */
export class LocalRunExecutor implements RunExecutor {
  readonly kind = "local";
  private readonly active = new Map<string, ActiveRun>();

  constructor(private readonly registry: NodeRegistry) {}

  isActive(run: { id: string }): boolean {
    return this.active.has(run.id);
  }

  async execute(db: Db, { prepared, endpoints }: ExecutableRun): Promise<void> {
    const { runId } = prepared;
    if (this.active.has(runId)) throw new UserInputError(`Run ${runId} is already executing.`);
    const controller = new AbortController();
    const wiring = createNodeServices({ db, useCache: prepared.config.useCache, resolved: endpoints });
    const done = executeRun(db, runId, { registry: this.registry, services: wiring.services, signal: controller.signal })
      .then(() => undefined)
      .catch(async (err: unknown) => {
        // executeRun records item failures itself; reaching here means the run could not proceed at all.
        const message = redactUrlsIn(err instanceof Error ? err.message : String(err));
        console.error(`Run ${runId} stopped: ${message}`);
        await db.run.update({ where: { id: runId }, data: { status: "failed", error: message, finishedAt: new Date() } }).catch(() => {});
      })
      .finally(async () => {
        this.active.delete(runId);
        await wiring.dispose();
      });
    this.active.set(runId, { controller, done });
  }

  /** Asks a run to stop; items in flight are dropped and will run again on resume. */
  async cancel(_db: Db, runId: string): Promise<boolean> {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort();
    await run.done;
    return true;
  }

  async whenStopped(_db: Db, runId: string): Promise<void> {
    await this.active.get(runId)?.done;
  }

  listen(): void {}
}
