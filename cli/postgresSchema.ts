// The PostgreSQL Prisma schema is derived from prisma/schema.prisma, never edited by hand: same
// models, only the datasource provider (and its placeholder url) and the generated client's folder
// differ. `npm run cli -- sync-postgres-schema` and `npm run db:migration` write it; a unit test
// (tests/unit/db/postgresSchema.test.ts) fails when the committed file is stale.
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgres", "schema.prisma");

export const POSTGRES_SCHEMA_HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run cli -- sync-postgres-schema` (also run by\n" +
  "// `npm run db:migration`). Do not edit: change prisma/schema.prisma and regenerate.\n" +
  "// PostgreSQL client: server/db/generated-pg; migrations: prisma/migrations-postgres.\n\n";

/** The three lines that differ, as they read in the SQLite schema and in the PostgreSQL one. */
export const PROVIDER_LINES = [
  { sqlite: /^([ \t]*provider[ \t]*=[ \t]*)"sqlite"([ \t]*)$/m, postgres: '$1"postgresql"$2', what: 'datasource provider = "sqlite"' },
  // Prisma 6's CLI needs a literal url (with env() it tries to download a query engine); the
  // runtime connects through the driver adapter with DATABASE_URL, so this one is never dialled.
  {
    sqlite: /^([ \t]*url[ \t]*=[ \t]*)"file:[^"]*"([ \t]*)$/m,
    postgres: '$1"postgresql://localhost:5432/studio"$2',
    what: 'datasource url = "file:..."',
  },
  // The PostgreSQL schema sits one folder deeper (prisma/postgres/).
  {
    sqlite: /^([ \t]*output[ \t]*=[ \t]*)"\.\.\/server\/db\/generated"([ \t]*)$/m,
    postgres: '$1"../../server/db/generated-pg"$2',
    what: 'generator output = "../server/db/generated"',
  },
] as const;

/** The PostgreSQL schema text for a SQLite schema text (the main schema or a migration snapshot). */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let text = sqliteSchema;
  for (const line of PROVIDER_LINES) {
    const matches = text.match(new RegExp(line.sqlite.source, "gm")) ?? [];
    if (matches.length !== 1) {
      throw new Error(
        `prisma/schema.prisma must contain exactly one line ${line.what} (found ${matches.length}); ` +
          `update cli/postgresSchema.ts if the schema's datasource or generator changed on purpose.`,
      );
    }
    text = text.replace(line.sqlite, line.postgres);
  }
  return POSTGRES_SCHEMA_HEADER + text;
}

/** Writes prisma/postgres/schema.prisma from prisma/schema.prisma; true when the file changed. */
export function syncPostgresSchema(root: string = process.cwd()): boolean {
  const target = path.join(root, POSTGRES_SCHEMA);
  const next = postgresSchemaFrom(fs.readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (current === next) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, next);
  return true;
}
