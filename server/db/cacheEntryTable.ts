import type { Db } from "./client";
import { databaseTargetOf } from "./client";
import { PostgresCacheEntryTable } from "./postgresCacheEntryTable";
import { SqliteCacheEntryTable } from "./sqliteCacheEntryTable";

export type CacheEntry = { key: string; endpoint: string; model: string; responseJson: string };

/**
 * The LlmCacheEntry table as the model-call hot path uses it: a lookup and, on a miss, a write per
 * model call. Served through the database driver's prepared statements rather than Prisma (whose
 * query compilation cost more CPU per call than the call's HTTP request; bench/RESULTS.md).
 */
export interface CacheEntryTable {
  /** The stored JSON of an entry, or null. */
  find(key: string): Promise<string | null>;
  recordHit(key: string): Promise<void>;
  /** Inserts the entry or replaces its JSON. */
  upsert(entry: CacheEntry): Promise<void>;
}

const tables = new WeakMap<Db, CacheEntryTable>();

/**
 * The cache table of a database client, one per client, opened at first use. Its connection is not
 * closed explicitly: a SQLite handle holds nothing at exit, and the PostgreSQL pool lets the process
 * exit when idle.
 */
export function cacheEntryTableOf(db: Db): CacheEntryTable {
  let table = tables.get(db);
  if (!table) {
    const target = databaseTargetOf(db);
    table = target.kind === "postgres" ? new PostgresCacheEntryTable(target.url) : new SqliteCacheEntryTable(target.file);
    tables.set(db, table);
  }
  return table;
}
