/**
 * PostgreSQL for the scale-out tests: a real server named by STUDIO_TEST_POSTGRES_URL, which the
 * globalSetup (serviceProbe.ts) sets to postgresql://postgres@127.0.0.1:5432/test when a server answers
 * there. Each test file creates databases of its own (random names), dropped afterwards, so runs
 * never collide.
 */
import crypto from "node:crypto";
import pg from "pg";
import { openDatabase, type Db } from "../../server/db/client";

export const postgresUrl = process.env.STUDIO_TEST_POSTGRES_URL?.trim() || undefined;
export const hasPostgres = postgresUrl !== undefined;
export const postgresSkipReason =
  "PostgreSQL tests skipped: STUDIO_TEST_POSTGRES_URL is not set (the test setup sets it when a server answers at postgresql://postgres@127.0.0.1:5432/test)";

if (!hasPostgres) console.log(postgresSkipReason);

/** The server's admin URL with another database name. */
export function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!postgresUrl) throw new Error(postgresSkipReason);
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export type TempPostgres = { name: string; url: string; drop(): Promise<void> };

/** A fresh, empty database on the test server (no migrations applied). */
export async function createEmptyPostgresDatabase(): Promise<TempPostgres> {
  const name = `studio_test_${crypto.randomBytes(8).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: urlWithDatabase(postgresUrl!, name),
    drop: () => onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export type TempPostgresDatabase = { db: Db; url: string; cleanup(): Promise<void> };

/** A fresh database opened with openDatabase (migrated on $connect); cleanup() disconnects and drops it. */
export async function createTempPostgresDatabase(): Promise<TempPostgresDatabase> {
  const temp = await createEmptyPostgresDatabase();
  const db = openDatabase(temp.url);
  try {
    await db.$connect();
  } catch (err) {
    await temp.drop();
    throw err;
  }
  return {
    db,
    url: temp.url,
    async cleanup() {
      await db.$disconnect();
      await temp.drop();
    },
  };
}

/** Runs SQL on a database directly (not through Prisma), for checks. */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
