/**
 * Vitest globalSetup: the PostgreSQL and Redis tests use the servers at their default local ports
 * when those answer, so a plain `npm test` on a machine that runs them needs no variables.
 * STUDIO_TEST_POSTGRES_URL / STUDIO_TEST_REDIS_URL, when set, win (set one to "" to skip those tests);
 * when nothing answers, the tests skip with a printed reason (tests/support/tempPostgres.ts,
 * tests/support/queueFixtures.ts). Test workers and the processes they start inherit the variables.
 */
import pg from "pg";
import { Redis } from "ioredis";

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
const TIMEOUT_MS = 1500;

/** null when the server answers a query, else why not. */
export async function postgresProblem(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || err.name : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** null when the server answers PING, else why not. */
export async function redisProblem(url: string): Promise<string | null> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let socketError: Error | undefined;
  redis.on("error", (err: Error) => (socketError ??= err));
  try {
    await redis.connect();
    const reply = await redis.ping();
    return reply === "PONG" ? null : `PING answered ${reply}`;
  } catch (err) {
    // ioredis rejects with "Connection is closed."; the socket's own error says why.
    const cause = socketError ?? err;
    return cause instanceof Error ? cause.message || cause.name : String(cause);
  } finally {
    redis.disconnect();
  }
}

async function useIfAnswering(variable: string, url: string, problem: (url: string) => Promise<string | null>, what: string) {
  if (process.env[variable] !== undefined) return;
  const why = await problem(url);
  if (why === null) process.env[variable] = url;
  else console.log(`[skip] ${what} tests: nothing answered at ${url} (${why}) and ${variable} is not set`);
}

export default async function setup(): Promise<void> {
  await Promise.all([
    useIfAnswering("STUDIO_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL, postgresProblem, "PostgreSQL"),
    useIfAnswering("STUDIO_TEST_REDIS_URL", DEFAULT_REDIS_URL, redisProblem, "Redis"),
  ]);
}
