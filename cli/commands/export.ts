import { parseArgs } from "node:util";
import { openDatabase } from "../../server/db/client";
import { exportDatasetGolds } from "../../server/lamp/exportDatasetGolds";

export const description = "Write a dataset's gold outputs as an official LaMP outputs file";

const USAGE = `Usage:
  npm run cli -- export --dataset NAME --out FILE
Writes {"task": "LaMP_k", "golds": [{"id", "output"}, ...]} in the dataset's file order
(examples without a gold are left out). Uses DATABASE_URL like the studio.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { dataset: { type: "string" }, out: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.dataset || !values.out) {
    console.error(`--dataset and --out are required.\n\n${USAGE}`);
    return 2;
  }
  const db = openDatabase();
  try {
    const file = await exportDatasetGolds(db, { name: values.dataset }, values.out);
    console.log(`Wrote ${file.golds.length} gold outputs (${file.task}) to ${values.out}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
