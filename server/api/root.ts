import { router, createCallerFactory } from "./trpc";
import { datasetsRouter } from "./routers/datasets";
import { nodesRouter } from "./routers/nodes";
import { pipelinesRouter } from "./routers/pipelines";
import { runsRouter } from "./routers/runs";
import { failureModesRouter } from "./routers/failureModes";
import { settingsRouter } from "./routers/settings";
import { experimentsRouter } from "./routers/experiments";
import { authRouter } from "./routers/auth";
import { usersRouter } from "./routers/users";
import { sharesRouter } from "./routers/shares";

export const appRouter = router({
  datasets: datasetsRouter,
  nodes: nodesRouter,
  pipelines: pipelinesRouter,
  runs: runsRouter,
  failureModes: failureModesRouter,
  settings: settingsRouter,
  experiments: experimentsRouter,
  auth: authRouter,
  users: usersRouter,
  shares: sharesRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, CLI): `createCaller(createTrpcContext(db))`. */
export const createCaller = createCallerFactory(appRouter);
