import { getDb } from "../db/client";
import { markInterruptedRuns, STALE_AFTER_MS } from "./runHeartbeat";

/**
 * In the studio's process: marks runs whose executing process died as "interrupted" now (at start)
 * and every minute after (a `cli run` killed while the studio is up), so their pages offer Resume
 * instead of showing "running" forever.
 */
export async function watchForInterruptedRuns(): Promise<void> {
  const sweep = async () => {
    try {
      const ids = await markInterruptedRuns(getDb());
      if (ids.length > 0) console.log(`Marked ${ids.length} run(s) interrupted (their process stopped): ${ids.join(", ")}`);
    } catch (err) {
      console.error(`Could not check for interrupted runs: ${(err as Error).message}`);
    }
  };
  await sweep();
  setInterval(() => void sweep(), STALE_AFTER_MS).unref();
}
