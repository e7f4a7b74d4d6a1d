/**
 * Redis for the distributed-run tests: the URL from STUDIO_TEST_REDIS_URL, which the globalSetup
 * (serviceProbe.ts) sets to redis://127.0.0.1:6379 when a Redis answers there (tests skip without it),
 * a queue name and key prefix of their own per test file (runs never collide), and cleanup that
 * obliterates the queue and deletes every key under the prefix.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { openRedis, type RunQueueLocation } from "../../server/queue/redisRunQueueKeys";

export const REDIS_TEST_URL = process.env.STUDIO_TEST_REDIS_URL?.trim() || null;

/** Printed when the Redis tests are skipped. */
export function redisSkipReason(): string | null {
  return REDIS_TEST_URL
    ? null
    : "BullMQ worker tests skipped: STUDIO_TEST_REDIS_URL is not set (the test setup sets it when a Redis answers at redis://127.0.0.1:6379)";
}

export function uniqueQueueLocation(label: string): RunQueueLocation & { queueName: string; prefix: string } {
  if (!REDIS_TEST_URL) throw new Error("STUDIO_TEST_REDIS_URL is not set");
  return { redisUrl: REDIS_TEST_URL, queueName: `runs-${label}`, prefix: `studio-test-${process.pid}-${randomUUID().slice(0, 8)}` };
}

export async function cleanupQueue(location: RunQueueLocation & { queueName: string; prefix: string }): Promise<void> {
  const redis = openRedis(location.redisUrl);
  const queue = new Queue(location.queueName, { connection: redis, prefix: location.prefix });
  try {
    await queue.obliterate({ force: true });
    await queue.close();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${location.prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}
