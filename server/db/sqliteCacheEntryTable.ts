import Database from "better-sqlite3";
import { sqliteDateTime } from "./sqliteBulkWriter";
import type { CacheEntry, CacheEntryTable } from "./cacheEntryTable";

/** LlmCacheEntry on the SQLite file, through a connection of its own (see cacheEntryTable.ts). */
export class SqliteCacheEntryTable implements CacheEntryTable {
  private statements: { find: Database.Statement; hit: Database.Statement; upsert: Database.Statement } | null = null;

  constructor(private readonly file: string) {}

  private get prepared() {
    if (!this.statements) {
      const db = new Database(this.file, { timeout: 60_000 });
      db.pragma("journal_mode = WAL");
      // A cache entry lost to a power cut is only a model call made again.
      db.pragma("synchronous = NORMAL");
      this.statements = {
        find: db.prepare(`SELECT "responseJson" FROM "LlmCacheEntry" WHERE "key" = ?`).pluck(),
        hit: db.prepare(`UPDATE "LlmCacheEntry" SET "hits" = "hits" + 1 WHERE "key" = ?`),
        upsert: db.prepare(
          `INSERT INTO "LlmCacheEntry" ("key", "endpoint", "model", "responseJson", "hits", "createdAt") VALUES (@key, @endpoint, @model, @responseJson, 0, @createdAt) ` +
            `ON CONFLICT ("key") DO UPDATE SET "responseJson" = excluded."responseJson"`,
        ),
      };
    }
    return this.statements;
  }

  async find(key: string): Promise<string | null> {
    return (this.prepared.find.get(key) as string | undefined) ?? null;
  }

  async recordHit(key: string): Promise<void> {
    this.prepared.hit.run(key);
  }

  async upsert(entry: CacheEntry): Promise<void> {
    this.prepared.upsert.run({ ...entry, createdAt: sqliteDateTime(new Date()) });
  }
}
