import { describeDatabaseTarget, resolveDatabaseTarget } from "../../server/db/databaseUrl";
import { getDb } from "../../server/db/client";
import { prepareDatabase } from "../../server/samples/prepareDatabase";

export const description = "Create or migrate the database and load the built-in sample datasets";

export async function run(): Promise<number> {
  const target = resolveDatabaseTarget(process.env.DATABASE_URL);
  const report = await prepareDatabase();
  const total = await getDb().dataset.count();
  console.log(`Database: ${describeDatabaseTarget(target)}`);
  console.log(`Sample datasets loaded now: ${report.created.length}, already present: ${report.present.length}`);
  console.log(`Datasets in the studio: ${total}`);
  await getDb().$disconnect();
  return 0;
}
