import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { resolveDatabaseTarget } from "./databaseUrl";
import { migrateSqlite } from "./migrate";

export type Db = PrismaClient;

/** Opens a Prisma client on a SQLite file after bringing its schema up to date. */
export function openDatabase(databaseUrl: string | undefined = process.env.DATABASE_URL): Db {
  const target = resolveDatabaseTarget(databaseUrl);
  migrateSqlite(target.file);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.url }) });
}

// One client per server process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __studioDb?: Db };

export function getDb(): Db {
  globalForDb.__studioDb ??= openDatabase();
  return globalForDb.__studioDb;
}
