import { router, createCallerFactory } from "./trpc";
import { datasetsRouter } from "./routers/datasets";

export const appRouter = router({
  datasets: datasetsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, CLI): `createCaller(createTrpcContext(db))`. */
export const createCaller = createCallerFactory(appRouter);
