import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, readMigrations } from "../../server/db/migrate";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, syncPostgresSchema } from "../postgresSchema";

export const description =
  "Write prisma/migrations{,-postgres}/NNNN_<name>/migration.sql for the schema changes (developers)";

const SNAPSHOT = "schema.snapshot.prisma";

/** One database flavour: its schema file and its migrations folder. */
const FLAVOURS = [
  { label: "SQLite", schema: SQLITE_SCHEMA, dir: MIGRATIONS_DIR },
  { label: "PostgreSQL", schema: POSTGRES_SCHEMA, dir: POSTGRES_MIGRATIONS_DIR },
] as const;

/**
 * Rewrites prisma/postgres/schema.prisma from prisma/schema.prisma, then diffs the schema snapshot
 * kept beside each flavour's last migration against its schema, offline, and writes the two
 * migrations under the same number and name (so both folders always list the same migrations).
 * (With a driver adapter configured, the Prisma CLI refuses --from-url and --from-schema-datasource,
 * so the previous datamodel is kept as a file instead of being read back from a database.)
 */
export async function run(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <snake_case_name>");
    return 2;
  }
  if (syncPostgresSchema()) console.log(`Updated ${POSTGRES_SCHEMA} from ${SQLITE_SCHEMA}.`);

  const names = FLAVOURS.map((f) => readMigrations(f.dir).map((m) => m.name));
  if (names[0].join("\n") !== names[1].join("\n")) {
    console.error(
      `prisma/migrations and prisma/migrations-postgres list different migrations ` +
        `(${names[0].join(", ")} vs ${names[1].join(", ")}); fix that first.`,
    );
    return 1;
  }
  const last = names[0].at(-1);
  // prisma.config.ts's adapter opens DATABASE_URL even for a diff between two files (and fails with
  // "External error" when its folder is missing, or on a PostgreSQL URL): give it a scratch file.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "studio-migration-diff-"));
  let scripts: string[];
  try {
    scripts = FLAVOURS.map((f) => {
      const from = last ? ["--from-schema-datamodel", path.join(f.dir, last, SNAPSHOT)] : ["--from-empty"];
      return execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", f.schema, "--script"], {
        encoding: "utf8",
        env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: `file:${path.join(scratch, "diff.db")}` },
      });
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const changes = scripts.map((sql) => /\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql));
  if (!changes.some(Boolean)) {
    console.log("The schema matches the last migration: nothing to write.");
    return 0;
  }
  const folderName = `${String(names[0].length + 1).padStart(4, "0")}_${name}`;
  FLAVOURS.forEach((f, i) => {
    const folder = path.join(f.dir, folderName);
    fs.mkdirSync(folder, { recursive: true });
    // A change only one provider sees still gets a (commented, empty) file in the other folder.
    const sql = changes[i] ? scripts[i] : `-- No ${f.label} change in this migration.\n`;
    fs.writeFileSync(path.join(folder, "migration.sql"), sql);
    fs.copyFileSync(f.schema, path.join(folder, SNAPSHOT));
    console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
  });
  return 0;
}
