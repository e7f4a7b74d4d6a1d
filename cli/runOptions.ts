// What `cli run` and `cli experiment` share: whole-number options and the executor their runs use.
import { nodeRegistry } from "../server/nodes/registry";
import type { RunExecutor } from "../server/runs/runService";
import { LocalRunExecutor } from "../server/runs/localRunExecutor";
import { BullmqRunExecutor } from "../server/queue/bullmqRunExecutor";

/** A --name value that must be a whole number (undefined when not given). */
export function wholeNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}".`);
  return Number(value);
}

export type CliRunExecutor = RunExecutor & { close?(): Promise<void> };

/**
 * In this process, or (--queue) BullMQ workers on STUDIO_REDIS_URL; null, after saying why, when
 * --queue has no Redis to go to.
 */
export function runExecutorFor(queue: boolean): CliRunExecutor | null {
  const redisUrl = process.env.STUDIO_REDIS_URL?.trim();
  if (!queue) return new LocalRunExecutor(nodeRegistry);
  if (!redisUrl) {
    console.error("--queue needs STUDIO_REDIS_URL (e.g. redis://127.0.0.1:6379), the Redis the workers read from.");
    return null;
  }
  return new BullmqRunExecutor({ redisUrl, prefix: process.env.STUDIO_REDIS_PREFIX?.trim() || undefined });
}
