import type { Db } from "../db/client";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import type { AvailableEndpoints } from "../runs/endpointPins";
import { EndpointChangedError, resolvePins } from "../runs/endpointPins";
import { createNodeServices } from "../runs/nodeServicesFactory";
import { prepareRun, type PreparedRun } from "../runs/runItemExecution";

/** What a worker needs to execute a run's items: its graph and config, and services on its pinned endpoints. */
export type WorkerRunContext = { prepared: PreparedRun; wiring: ReturnType<typeof createNodeServices> };

const RUN_CACHE_SIZE = 32;

/**
 * A worker's runs, each loaded once (graph validated, pinned endpoints resolved against the
 * endpoints this machine has). A run's services are released once it is retired (finished,
 * cancelled, or pushed out by newer runs) and its last item on this worker has ended.
 */
export class WorkerRunContexts {
  private readonly contexts = new Map<string, Promise<WorkerRunContext>>();
  private readonly itemsOfRun = new Map<string, number>();
  private readonly retiring: { runId: string; context: Promise<WorkerRunContext> }[] = [];

  constructor(
    private readonly db: Db,
    private readonly registry: NodeRegistry,
    private readonly availableEndpoints: () => Promise<AvailableEndpoints>,
  ) {}

  /** The run's context; rejects with EndpointChangedError when this machine's endpoints differ from the pins. */
  contextFor(runId: string): Promise<WorkerRunContext> {
    let entry = this.contexts.get(runId);
    if (!entry) {
      entry = this.load(runId);
      entry.catch(() => this.contexts.delete(runId));
      this.contexts.set(runId, entry);
      if (this.contexts.size > RUN_CACHE_SIZE) this.retire(this.contexts.keys().next().value!);
    }
    return entry;
  }

  private async load(runId: string): Promise<WorkerRunContext> {
    const prepared = await prepareRun(this.db, runId, this.registry);
    const pins = prepared.config.endpoints;
    if (!pins) throw new Error(`Run ${runId} has no pinned endpoints; start it from the studio or the CLI (they pin them).`);
    const resolution = resolvePins(pins, await this.availableEndpoints());
    if (!resolution.ok) throw new EndpointChangedError(runId, resolution.differences);
    const wiring = createNodeServices({ db: this.db, useCache: prepared.config.useCache, resolved: resolution.endpoints });
    return { prepared, wiring };
  }

  /** Counts an item of the run executing here, so a retired run's services outlive it. */
  async withItem<T>(runId: string, work: () => Promise<T>): Promise<T> {
    this.itemsOfRun.set(runId, (this.itemsOfRun.get(runId) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.itemsOfRun.get(runId) ?? 1) - 1;
      if (left > 0) this.itemsOfRun.set(runId, left);
      else this.itemsOfRun.delete(runId);
      this.disposeRetired(runId);
    }
  }

  /** Forgets a run; its services go once its items here end. */
  retire(runId: string): void {
    const context = this.contexts.get(runId);
    if (!context) return;
    this.contexts.delete(runId);
    this.retiring.push({ runId, context });
    this.disposeRetired(runId);
  }

  private disposeRetired(runId: string): void {
    if ((this.itemsOfRun.get(runId) ?? 0) > 0) return;
    for (let i = this.retiring.length - 1; i >= 0; i--) {
      if (this.retiring[i].runId !== runId) continue;
      const [{ context }] = this.retiring.splice(i, 1);
      void context.then((c) => c.wiring.dispose()).catch(() => {});
    }
  }

  async disposeAll(): Promise<void> {
    const all = [...this.contexts.values(), ...this.retiring.map((r) => r.context)];
    this.contexts.clear();
    this.retiring.length = 0;
    await Promise.all(all.map((c) => c.then((x) => x.wiring.dispose()).catch(() => {})));
  }
}
