import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveSqliteUrl } from "./server/db/databaseUrl";

// The Prisma CLI (generate, migrate diff) runs offline with the wasm schema engine shipped in the
// `prisma` package: `engine: "js"` + a driver adapter. See STACK.md section 1b.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: resolveSqliteUrl(process.env.DATABASE_URL) });
  },
});
