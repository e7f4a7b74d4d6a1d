import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { MIGRATIONS_DIR, readMigrations } from "../../server/db/migrate";

export const description = "Write prisma/migrations/NNNN_<name>/migration.sql for the schema changes (developers)";

const SCHEMA = path.join("prisma", "schema.prisma");
const SNAPSHOT = "schema.snapshot.prisma";

/**
 * Diffs the schema snapshot kept beside the last migration against prisma/schema.prisma, offline.
 * (With a driver adapter configured, the Prisma CLI refuses --from-url and --from-schema-datasource,
 * so the previous datamodel is kept as a file instead of being read back from a database.)
 */
export async function run(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <snake_case_name>");
    return 2;
  }
  const existing = readMigrations();
  const last = existing.at(-1);
  const from = last ? ["--from-schema-datamodel", path.join(MIGRATIONS_DIR, last.name, SNAPSHOT)] : ["--from-empty"];
  const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", SCHEMA, "--script"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
    console.log("The schema matches the last migration: nothing to write.");
    return 0;
  }
  const folder = path.join(MIGRATIONS_DIR, `${String(existing.length + 1).padStart(4, "0")}_${name}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "migration.sql"), sql);
  fs.copyFileSync(SCHEMA, path.join(folder, SNAPSHOT));
  console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
  return 0;
}
