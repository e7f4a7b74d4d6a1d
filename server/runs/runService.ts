import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { loadAvailableEndpoints } from "./availableEndpoints";
import { createRun, type CreateRunInput } from "./createRun";
import {
  EndpointChangedError,
  endpointConcurrencyCap,
  pinEndpoints,
  resolvePins,
  type AvailableEndpoints,
  type EndpointPins,
  type PinDifference,
  type ResolvedEndpoints,
} from "./endpointPins";
import { runConfigSchema, type RunConfig, type RunStatus } from "./runConfig";
import { prepareRun, type PreparedRun } from "./runItemExecution";
import { summarizeRun } from "./summarizeRun";

/**
 * The run lifecycle, one module for every entry point (the tRPC router, the CLI, the local
 * executor and the BullMQ workers): create (validate, pin endpoints, freeze the config), start and
 * resume (check the pinned endpoints, hand the run to an executor), cancel, and finish.
 * How items execute is the executor's business: in this process (localRunExecutor.ts) or as jobs
 * for worker processes (server/queue/bullmqRunExecutor.ts).
 */

/** A run ready to execute: its graph and config, and the endpoints its pins resolved to. */
export type ExecutableRun = { prepared: PreparedRun; endpoints: ResolvedEndpoints };

export type RunExecutor = {
  readonly kind: "local" | "bullmq";
  /**
   * Starts executing (or resumes) a run; resolves once it is under way. Starting a run that is
   * executing is refused (in-process) or adds only its missing jobs (BullMQ: a lost job comes back).
   */
  execute(db: Db, run: ExecutableRun): Promise<void>;
  /** Stops an executing run; false when this executor is not executing it. */
  cancel(db: Db, runId: string): Promise<boolean>;
  /** Whether the run is executing (the run page offers Cancel rather than Resume). */
  isActive(run: { id: string; status: string }): boolean;
  /** Resolves once the run has stopped executing (finished, failed or cancelled). */
  whenStopped(db: Db, runId: string): Promise<void>;
  /** Makes sure this process hears the run's live events. */
  listen(): void;
};

export type StartOptions = {
  /** Re-pin a run whose endpoints changed to the endpoints as they are now (recorded in the config). */
  repin?: boolean;
};

export type StartedRun = {
  runId: string;
  /** Things the user should know, e.g. an endpoint limit that caps the run's concurrency. */
  warnings: string[];
};

export type RunOutcome = { status: RunStatus; done: number; failed: number; total: number };

export type RunServiceOptions = {
  registry: NodeRegistry;
  /** The endpoints a run may pin or resolve (default: saved endpoints, then STUDIO_* variables). */
  availableEndpoints?(): Promise<AvailableEndpoints>;
};

export type RunService = ReturnType<typeof createRunService>;

export function createRunService(db: Db, executor: RunExecutor, options: RunServiceOptions) {
  const available = options.availableEndpoints ?? (() => loadAvailableEndpoints(db));

  return {
    executor,

    /** Creates a run (queued); nothing executes until start. */
    async create(input: CreateRunInput): Promise<{ runId: string; total: number }> {
      return createRun(db, options.registry, input, await available());
    },

    /** Starts a created run, or resumes a stopped one (finished items are kept, failed ones retried). */
    async start(runId: string, startOptions: StartOptions = {}): Promise<StartedRun> {
      const prepared = await prepareRun(db, runId, options.registry);
      if (prepared.status === "completed" && prepared.failedItems === 0) throw new UserInputError(`Run ${runId} is complete; nothing to resume.`);
      // In this process, a run executing now is refused before anything (a re-pin) is written.
      if (executor.kind === "local" && executor.isActive({ id: runId, status: prepared.status })) throw new UserInputError(`Run ${runId} is already executing.`);
      const { config, endpoints } = await pinnedEndpointsFor(db, prepared, await available(), startOptions.repin ?? false);
      const ready = { ...prepared, config };
      await executor.execute(db, { prepared: ready, endpoints });
      return { runId, warnings: concurrencyWarnings(config) };
    },

    async cancel(runId: string): Promise<void> {
      const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
      if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
      if (!(await executor.cancel(db, runId))) throw new UserInputError(`Run ${runId} is not executing.`);
    },

    isActive: (run: { id: string; status: string }) => executor.isActive(run),
    listen: () => executor.listen(),

    /** Waits until the run stops executing, then reads how it ended. */
    async waitUntilStopped(runId: string): Promise<RunOutcome> {
      await executor.whenStopped(db, runId);
      const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, doneItems: true, failedItems: true, totalItems: true } });
      return { status: run.status as RunStatus, done: run.doneItems, failed: run.failedItems, total: run.totalItems };
    },
  };
}

/**
 * The endpoints a run executes with: its pins, resolved against the configured endpoints. A run
 * created before pinning is pinned now, after checking that its recorded default endpoint is still
 * the same. Changed endpoints refuse the start (EndpointChangedError) unless `repin`.
 */
async function pinnedEndpointsFor(
  db: Db,
  prepared: PreparedRun,
  available: AvailableEndpoints,
  repin: boolean,
): Promise<{ config: RunConfig; endpoints: ResolvedEndpoints }> {
  let config = prepared.config;
  let pins: EndpointPins = config.endpoints ?? pinEndpoints(prepared.validated, available);
  let changes: PinDifference[] = config.endpoints ? [] : legacyEndpointChanges(config, pins);
  let resolution = resolvePins(pins, available);
  if (!resolution.ok) changes = [...changes, ...resolution.differences];
  if (changes.length > 0) {
    if (!repin) throw new EndpointChangedError(prepared.runId, changes);
    pins = pinEndpoints(prepared.validated, available);
    resolution = resolvePins(pins, available);
    config = { ...config, repins: [...config.repins, { at: new Date().toISOString(), changes }] };
  }
  if (!resolution.ok) throw new EndpointChangedError(prepared.runId, resolution.differences);
  if (config.endpoints !== pins) {
    config = { ...config, endpoints: pins };
    await db.run.update({ where: { id: prepared.runId }, data: { configJson: JSON.stringify(runConfigSchema.parse(config)) } });
  }
  return { config, endpoints: resolution.endpoints };
}

/** A run from before pinning recorded its default endpoint's model and URL: compare them. */
function legacyEndpointChanges(config: RunConfig, pins: EndpointPins): PinDifference[] {
  const recorded = config.endpoint;
  const now = pins.models.default;
  if (!recorded || !now) return [];
  const changes: PinDifference[] = [];
  if (recorded.model !== now.model) changes.push({ role: "model", name: now.name, field: "model", pinned: recorded.model, now: now.model });
  if ((recorded.baseUrl ?? null) !== (now.baseUrl ?? null)) {
    changes.push({ role: "model", name: now.name, field: "baseUrl", pinned: recorded.baseUrl ?? "(none)", now: now.baseUrl ?? "(none)" });
  }
  return changes;
}

function concurrencyWarnings(config: RunConfig): string[] {
  const cap = config.endpoints ? endpointConcurrencyCap(config.endpoints) : null;
  if (!cap || cap.cap >= config.concurrency) return [];
  return [
    `Concurrency ${config.concurrency} is capped by endpoint "${cap.endpoint}", which allows ${cap.cap} requests at a time: ` +
      `raise its "max concurrency" on the Models page (or STUDIO_LLM_MAX_CONCURRENCY) to run faster.`,
  ];
}

/** Rewrites the stored summary from the items finished so far (dashboards of running runs). */
export async function refreshRunSummary(db: Db, runId: string): Promise<void> {
  const summary = await summarizeRun(db, runId);
  await db.run.update({ where: { id: runId }, data: { summaryJson: JSON.stringify(summary) } });
}

/** The status a run ends with and its summary, from the items it has. */
async function finalState(db: Db, runId: string, cancelled: boolean) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { totalItems: true, failedItems: true } });
  let status: RunStatus;
  let error: string | null = null;
  if (cancelled) status = "cancelled";
  else if (run.totalItems > 0 && run.failedItems === run.totalItems) {
    status = "failed";
    error = (await db.runItem.findFirst({ where: { runId, status: "failed" }, select: { error: true } }))?.error ?? "every item failed";
  } else status = "completed";
  // A cancelled run keeps the summary of what it finished, like a run in progress shows its own.
  const summary = await summarizeRun(db, runId);
  return { status, error, finishedAt: new Date(), summaryJson: JSON.stringify(summary) };
}

/** Final status and summary once no example is left to execute (or the run was cancelled). */
export async function finishRun(db: Db, runId: string, cancelled: boolean): Promise<RunStatus> {
  const data = await finalState(db, runId, cancelled);
  await db.run.update({ where: { id: runId }, data });
  return data.status;
}

/**
 * finishRun for runs executed by many processes: the status moves away from "running" at most once,
 * so of two workers that both see the last item written only one finishes the run, and a run
 * cancelled meanwhile stays cancelled. Returns the status written, or null when the run was no
 * longer running (someone else finished or cancelled it).
 */
export async function finishRunningRun(db: Db, runId: string): Promise<RunStatus | null> {
  const data = await finalState(db, runId, false);
  const { count } = await db.run.updateMany({ where: { id: runId, status: "running" }, data });
  return count === 1 ? data.status : null;
}

/** Marks a run running for a new execution session (keeps the first start time). */
export async function markRunRunning(db: Db, prepared: PreparedRun): Promise<void> {
  await db.run.update({
    where: { id: prepared.runId },
    data: { status: "running", error: null, startedAt: prepared.startedAt ?? new Date(), finishedAt: null, heartbeatAt: new Date() },
  });
}
