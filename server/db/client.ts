import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { PrismaClient as PostgresPrismaClient } from "./generated-pg/client";
import { resolveDatabaseTarget, type DatabaseTarget, type PostgresTarget, type SqliteTarget } from "./databaseUrl";
import { migrateSqlite } from "./migrate";
import { migratePostgres } from "./migratePostgres";

/**
 * The studio's database client. Typed as the SQLite-generated client; a PostgreSQL client is cast
 * to it (see openPostgres).
 */
export type Db = PrismaClient;

// On globalThis: Next.js bundles this module more than once (instrumentation, route handlers), and a
// client opened by one copy is used by the others (getDb keeps it on globalThis too).
const globalForTargets = globalThis as unknown as { __studioDatabaseTargets?: WeakMap<Db, DatabaseTarget> };
const databaseTargets = (globalForTargets.__studioDatabaseTargets ??= new WeakMap<Db, DatabaseTarget>());

/**
 * Opens a Prisma client on DATABASE_URL (or the given URL): a SQLite file (default data/studio.db)
 * or a PostgreSQL database (postgres:// or postgresql://). Either way its schema is brought up to
 * date before any query runs: SQLite here, synchronously; PostgreSQL right before the client's first
 * connection (so this stays synchronous for its many callers); `await db.$connect()` to do it now.
 */
export function openDatabase(databaseUrl: string | undefined = process.env.DATABASE_URL): Db {
  const target = resolveDatabaseTarget(databaseUrl);
  const db = target.kind === "postgres" ? openPostgres(target) : openSqlite(target);
  databaseTargets.set(db, target);
  return db;
}

function openSqlite(target: SqliteTarget): Db {
  migrateSqlite(target.file);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.url }) });
}

function openPostgres(target: PostgresTarget): Db {
  const client = new PostgresPrismaClient({ adapter: new MigratingPrismaPg(target.url) });
  // Sound: prisma/postgres/schema.prisma is generated from prisma/schema.prisma and differs only in
  // its datasource provider/url and generator output (tests/unit/db/postgresSchema.test.ts fails
  // otherwise), so both clients expose the same models, fields, relations and result types. The
  // SQLite client's query API is the smaller one (e.g. no `mode: "insensitive"`, one isolation
  // level), so code typed against it only uses what the PostgreSQL client also has.
  return client as unknown as Db;
}

/**
 * PrismaPg that applies the PostgreSQL migrations before its first connection (once per client;
 * a failed attempt is retried at the next connection, e.g. after the server comes up).
 */
class MigratingPrismaPg extends PrismaPg {
  private migrated: Promise<unknown> | undefined;

  constructor(private readonly url: string) {
    super({ connectionString: url });
  }

  override async connect() {
    this.migrated ??= migratePostgres(this.url).catch((err: unknown) => {
      this.migrated = undefined;
      throw err;
    });
    await this.migrated;
    return super.connect();
  }
}

/** The database behind a client opened here (bulk writers open their own connection to it). */
export function databaseTargetOf(db: Db): DatabaseTarget {
  const target = databaseTargets.get(db);
  if (!target) throw new Error("This database client was not opened by openDatabase(); its database is unknown.");
  return target;
}

// One client per server process; Next's dev server reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __studioDb?: Db };

export function getDb(): Db {
  globalForDb.__studioDb ??= openDatabase();
  return globalForDb.__studioDb;
}
