import pg from "pg";
import type { CacheEntry, CacheEntryTable } from "./cacheEntryTable";

const FIND = { name: "studio-cache-find", text: `SELECT "responseJson" FROM "LlmCacheEntry" WHERE "key" = $1` };
const HIT = { name: "studio-cache-hit", text: `UPDATE "LlmCacheEntry" SET "hits" = "hits" + 1 WHERE "key" = $1` };
const UPSERT = {
  name: "studio-cache-upsert",
  text:
    `INSERT INTO "LlmCacheEntry" ("key", "endpoint", "model", "responseJson", "hits", "createdAt") VALUES ($1, $2, $3, $4, 0, now()) ` +
    `ON CONFLICT ("key") DO UPDATE SET "responseJson" = excluded."responseJson"`,
};

/** LlmCacheEntry on PostgreSQL, through a small pool of its own (see cacheEntryTable.ts). */
export class PostgresCacheEntryTable implements CacheEntryTable {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // Errors of an idle connection surface on the next query; do not crash the process.
    this.pool.on("error", () => {});
  }

  async find(key: string): Promise<string | null> {
    const result = await this.pool.query<{ responseJson: string }>({ ...FIND, values: [key] });
    return result.rows[0]?.responseJson ?? null;
  }

  async recordHit(key: string): Promise<void> {
    await this.pool.query({ ...HIT, values: [key] });
  }

  async upsert(entry: CacheEntry): Promise<void> {
    await this.pool.query({ ...UPSERT, values: [entry.key, entry.endpoint, entry.model, entry.responseJson] });
  }
}
