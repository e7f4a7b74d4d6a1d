import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../../server/db/client";
import { exportDatasetGolds } from "../../server/lamp/exportDatasetGolds";
import { buildRunPredictions } from "../../server/runs/runPredictions";
import { exportRunBundle } from "../../server/runs/runBundle";
import { exportExperimentBundle } from "../../server/experiments/experimentBundle";

export const description = "Write a run's predictions or a dataset's gold outputs as an official LaMP file";

const USAGE = `Usage:
  npm run cli -- export --run RUN_ID --out FILE [--raw] [--allow-missing]
  npm run cli -- export --run RUN_ID --bundle --out FILE      (the whole run, for another studio's import --bundle)
  npm run cli -- export --experiment EXPERIMENT_ID --out FILE  (the whole experiment: its design and every run, for import --bundle)
  npm run cli -- export --dataset NAME --out FILE
Writes {"task": "LaMP_k", "golds": [{"id", "output"}, ...]} in the dataset's file order: a run's
extracted answers (--raw: the answers before extraction) for the official evaluator or the
leaderboard, or a dataset's gold outputs (examples without a gold are left out).
Uses DATABASE_URL like the studio.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: "string" },
      run: { type: "string" },
      experiment: { type: "string" },
      out: { type: "string" },
      raw: { type: "boolean", default: false },
      bundle: { type: "boolean", default: false },
      "allow-missing": { type: "boolean", default: false },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.out || [values.dataset, values.run, values.experiment].filter(Boolean).length !== 1) {
    console.error(`--out and exactly one of --run, --experiment or --dataset are required.\n\n${USAGE}`);
    return 2;
  }
  const db = openDatabase();
  try {
    if (values.experiment) {
      const bundle = await exportExperimentBundle(db, values.experiment);
      await fs.promises.mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      await fs.promises.writeFile(values.out, JSON.stringify(bundle));
      console.log(`Wrote experiment ${values.experiment} (${bundle.cells.length} runs) to ${values.out}`);
      return 0;
    }
    if (values.run && values.bundle) {
      const bundle = await exportRunBundle(db, values.run);
      await fs.promises.mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      await fs.promises.writeFile(values.out, JSON.stringify(bundle));
      console.log(`Wrote run ${values.run} (${bundle.items.length} items, ${bundle.dataset.examples.length} examples) to ${values.out}`);
      return 0;
    }
    if (values.run) {
      const file = await buildRunPredictions(db, values.run, {
        answer: values.raw ? "raw" : "extracted",
        allowMissing: values["allow-missing"],
      });
      await fs.promises.mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      await fs.promises.writeFile(values.out, `${JSON.stringify(file, null, 1)}\n`);
      console.log(`Wrote ${file.golds.length} predictions (${file.task}) of run ${values.run} to ${values.out}`);
      return 0;
    }
    const file = await exportDatasetGolds(db, { name: values.dataset! }, values.out);
    console.log(`Wrote ${file.golds.length} gold outputs (${file.task}) to ${values.out}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
