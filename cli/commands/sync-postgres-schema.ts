import { POSTGRES_SCHEMA, syncPostgresSchema } from "../postgresSchema";

export const description = "Rewrite prisma/postgres/schema.prisma from prisma/schema.prisma (developers)";

export async function run(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    console.error("Usage: npm run cli -- sync-postgres-schema");
    return 2;
  }
  const changed = syncPostgresSchema();
  console.log(changed ? `Wrote ${POSTGRES_SCHEMA}; run \`npm run postinstall\` to regenerate the clients.` : `${POSTGRES_SCHEMA} is up to date.`);
  return 0;
}
