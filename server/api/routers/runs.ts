import { z } from "zod";
import { router, editorProcedure, idField, shareableProcedure, viewerProcedure } from "../trpc";
import { itemForShare, runForShare } from "../../sharing/sharedView";
import { getRun, getRunItem, listRunItems, listRuns } from "../../runs/runQueries";
import { ITEM_FILTERS } from "../../runs/itemFilters";
import { PROFILE_SOURCES } from "../../runs/profileSource";
import { buildRunPredictions } from "../../runs/runPredictions";
import { compareRuns } from "../../runs/compareRuns";
import { exportRunBundle } from "../../runs/runBundle";
import { deleteRun, renameRun } from "../../runs/manageRuns";
import { runEvents, type RunEvent } from "../../runs/runEvents";
import { studioRunService } from "../../queue/studioRunService";
import { publicEndpointView } from "../../llm/endpointConfig";
import { defaultEndpoint } from "../../settings/endpointStore";

export const runsRouter = router({
  list: viewerProcedure
    .input(z.object({ datasetId: z.string().optional(), pipelineId: z.string().optional() }).default({}))
    .query(({ ctx, input }) => listRuns(ctx.db, input)),
  get: shareableProcedure((raw) => ({ runIds: [idField(raw, "id")] }))
    .input(z.object({ id: z.string().min(1) }))
    .query(async ({ ctx, input }) => {
      const run = await getRun(ctx.db, input.id);
      const view = { ...run, active: studioRunService(ctx.db).isActive(run) };
      return ctx.principal.kind === "share" ? runForShare(view) : view;
    }),
  items: shareableProcedure((raw) => ({ runIds: [idField(raw, "runId")] }))
    .input(
      z.object({
        runId: z.string().min(1),
        status: z.enum(["done", "failed"]).optional(),
        filter: z.enum(ITEM_FILTERS).optional(),
        skip: z.number().int().min(0).default(0),
        take: z.number().int().min(1).max(500).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listRunItems(ctx.db, input.runId, input);
      return ctx.principal.kind === "share" ? { ...page, items: page.items.map(itemForShare) } : page;
    }),
  item: shareableProcedure((raw) => ({ runIds: [idField(raw, "runId")] }))
    .input(z.object({ runId: z.string().min(1), exampleId: z.string().min(1) }))
    .query(async ({ ctx, input }) => {
      const item = await getRunItem(ctx.db, input.runId, input.exampleId);
      return ctx.principal.kind === "share" ? itemForShare(item) : item;
    }),
  start: editorProcedure
    .input(
      z.object({
        pipelineVersionId: z.string().min(1),
        datasetId: z.string().min(1),
        name: z.string().max(200).optional(),
        limit: z.number().int().min(1).optional(),
        seed: z.number().int().default(0),
        concurrency: z.number().int().min(1).max(64).default(4),
        useCache: z.boolean().default(true),
        profileSource: z.enum(PROFILE_SOURCES).default("own"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const service = studioRunService(ctx.db);
      const { pipelineVersionId, datasetId, name, ...config } = input;
      const { runId, total } = await service.create({ pipelineVersionId, datasetId, name, config });
      const { warnings } = await service.start(runId);
      return { runId, total, warnings };
    }),
  rename: editorProcedure
    .input(z.object({ id: z.string().min(1), name: z.string().max(200) }))
    .mutation(({ ctx, input }) => renameRun(ctx.db, input.id, input.name)),
  delete: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const service = studioRunService(ctx.db);
    await deleteRun(ctx.db, input.id, (run) => service.isActive(run));
    return { deleted: true };
  }),
  cancel: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await studioRunService(ctx.db).cancel(input.id);
    return { cancelled: true };
  }),
  /** Resumes a stopped run on its pinned endpoints; `repin` accepts endpoints that changed since. */
  resume: editorProcedure.input(z.object({ id: z.string().min(1), repin: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    const { warnings } = await studioRunService(ctx.db).start(input.id, { repin: input.repin });
    return { resumed: true, warnings };
  }),
  /** Live events of one run (Server-Sent Events through tRPC). */
  events: shareableProcedure((raw) => ({ runIds: [idField(raw, "id")] })).input(z.object({ id: z.string().min(1) })).subscription(async function* ({ ctx, input, signal }) {
    studioRunService(ctx.db).listen();
    const queue: RunEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = runEvents.subscribe(input.id, (event) => {
      if (event.type === "item-started") return;
      queue.push(event);
      wake?.();
    });
    try {
      while (!signal?.aborted) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            signal?.addEventListener("abort", () => resolve(), { once: true });
          });
          wake = null;
        }
        while (queue.length > 0) yield queue.shift()!;
      }
    } finally {
      unsubscribe();
    }
  }),
  /** Paired comparison against the first run: per-metric bootstrap CIs and the examples that changed. */
  compare: shareableProcedure((raw) => {
    const ids = typeof raw === "object" && raw !== null ? (raw as { ids?: unknown }).ids : undefined;
    return { runIds: Array.isArray(ids) ? ids.map((id) => (typeof id === "string" ? id : "")) : [""] };
  })
    .input(z.object({ ids: z.array(z.string().min(1)).min(2).max(8), seed: z.number().int().optional() }))
    .query(({ ctx, input }) => compareRuns(ctx.db, input.ids, { seed: input.seed })),
  /** The whole run (pipeline version, examples, results; never a key) for another studio. */
  exportBundle: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => exportRunBundle(ctx.db, input.id)),
  /** The run's answers as an official LaMP predictions file (extracted or raw answers). */
  predictions: viewerProcedure
    .input(z.object({ id: z.string().min(1), answer: z.enum(["extracted", "raw"]).default("extracted"), allowMissing: z.boolean().default(false) }))
    .query(({ ctx, input }) => buildRunPredictions(ctx.db, input.id, input)),
  endpoint: viewerProcedure.query(async ({ ctx }) => {
    const endpoint = await defaultEndpoint(ctx.db);
    return endpoint ? publicEndpointView(endpoint) : null;
  }),
});
