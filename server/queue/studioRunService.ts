import type { Db } from "../db/client";
import { nodeRegistry } from "../nodes/registry";
import { LocalRunExecutor } from "../runs/localRunExecutor";
import { createRunService, type RunService } from "../runs/runService";
import { redactUrl } from "../urlCredentials";
import { BullmqRunExecutor } from "./bullmqRunExecutor";

type Env = Record<string, string | undefined>;

// One executor per server process (and per Redis URL); Next's dev server reloads modules, so keep
// them on globalThis.
const globalForExecutors = globalThis as unknown as {
  __studioLocalExecutor?: LocalRunExecutor;
  __studioBullmqExecutor?: { key: string; executor: BullmqRunExecutor };
};

/**
 * The executor of this process: BullMQ workers when STUDIO_REDIS_URL is set (keys under
 * STUDIO_REDIS_PREFIX, default "studio", so several studios can share one Redis), else in-process.
 */
export function studioRunExecutor(env: Env = process.env): LocalRunExecutor | BullmqRunExecutor {
  const redisUrl = env.STUDIO_REDIS_URL?.trim();
  if (!redisUrl) return (globalForExecutors.__studioLocalExecutor ??= new LocalRunExecutor(nodeRegistry));
  const prefix = env.STUDIO_REDIS_PREFIX?.trim() || undefined;
  const key = `${redisUrl} ${prefix ?? ""}`;
  const cached = globalForExecutors.__studioBullmqExecutor;
  if (cached?.key === key) return cached.executor;
  void cached?.executor.close();
  console.log(`Runs execute on workers through Redis at ${redactUrl(redisUrl)} (npm run cli -- worker).`);
  const executor = new BullmqRunExecutor({ redisUrl, prefix });
  globalForExecutors.__studioBullmqExecutor = { key, executor };
  return executor;
}

/** The run service of this studio process (the tRPC router's). */
export function studioRunService(db: Db, env: Env = process.env): RunService {
  return createRunService(db, studioRunExecutor(env), { registry: nodeRegistry });
}

/** Closes the BullMQ executor's Redis connections, if one was opened (shutdown, tests). */
export async function closeStudioRunExecutors(): Promise<void> {
  const cached = globalForExecutors.__studioBullmqExecutor;
  globalForExecutors.__studioBullmqExecutor = undefined;
  await cached?.executor.close();
}
