import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { resolveDatabaseTarget } from "./databaseUrl";
import { migrateSqlite } from "./migrate";

export type Db = PrismaClient;

const databaseFiles = new WeakMap<Db, string>();

/** Opens a Prisma client on a SQLite file after bringing its schema up to date. */
export function openDatabase(databaseUrl: string | undefined = process.env.DATABASE_URL): Db {
  const target = resolveDatabaseTarget(databaseUrl);
  migrateSqlite(target.file);
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.url }) });
  databaseFiles.set(db, target.file);
  return db;
}

/** The SQLite file behind a client opened here (bulk writers open their own connection to it). */
export function databaseFileOf(db: Db): string {
  const file = databaseFiles.get(db);
  if (!file) throw new Error("This database client was not opened by openDatabase(); its file is unknown.");
  return file;
}

// One client per server process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __studioDb?: Db };

export function getDb(): Db {
  globalForDb.__studioDb ??= openDatabase();
  return globalForDb.__studioDb;
}
