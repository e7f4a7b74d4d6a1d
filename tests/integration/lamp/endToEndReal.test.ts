import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetExampleOrder } from "../../../server/lamp/exportDatasetGolds";
import { writePredictionsFile } from "../../../server/lamp/exportPredictions";
import { importDatasetFromDirectory, type Split } from "../../../server/lamp/importDataset";
import { readOutputsFile } from "../../../server/lamp/lampFiles";
import { previewOfficialPrompt } from "../../../server/lamp/previewPrompt";
import { LAMP_TASKS, type TaskKey } from "../../../server/lamp/tasks";
import { evaluateOfficial } from "../../../server/metrics/lamp/officialEvaluation";
import { hasLampReal, lampRealFile, lampRealSkipReason } from "../../support/sharedData";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

const FILES: { dir: string; split: Split }[] = [
  { dir: "LaMP_1", split: "train" },
  { dir: "LaMP_1", split: "dev" },
  { dir: "LaMP_1", split: "test" },
  { dir: "LaMP_2_news", split: "train" },
  { dir: "LaMP_2_news", split: "dev" },
  { dir: "LaMP_2_news", split: "test" },
  { dir: "LaMP_4", split: "dev" },
  { dir: "LaMP_7", split: "dev" },
];

/**
 * What eval/evaluation.py gives when every prediction equals its gold:
 * - LaMP-1/2: accuracy 1. Macro-F1 averages over the WHOLE official label list with sklearn's
 *   zero_division=0, so each label present in the golds scores F1 = 1 (P = R = 1) and each absent
 *   label scores 0: f1 = (distinct gold labels) / (labels in the list).
 * - LaMP-4..7: ROUGE-1 = ROUGE-L = 1 for every pair with at least one [a-z0-9] token (all of these golds).
 */
function perfectScores(task: TaskKey, golds: string[]): Record<string, number> {
  const output = LAMP_TASKS[task].output;
  if (output.kind === "label") {
    return { accuracy: 1, f1: new Set(golds.map((g) => g.trim())).size / output.labels.length };
  }
  if (output.kind === "rating") return { MAE: 0, RMSE: 0 };
  return { "rouge-1": 1, "rouge-L": 1 };
}

describe.skipIf(!hasLampReal)(hasLampReal ? "import -> bm25 k=2 -> official prompt -> official evaluation" : lampRealSkipReason, () => {
  let temp: TempDatabase;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-e2e-"));
  beforeAll(() => {
    temp = createTempDatabase();
  });
  afterAll(async () => {
    await temp.cleanup();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it.each(FILES)("$dir $split", async ({ dir, split }) => {
    const { db } = temp;
    const imported = await importDatasetFromDirectory(db, lampRealFile(dir), { name: `${dir} ${split}`, split, source: "import" });
    const task = imported.task;
    const rows = await db.example.findMany({ where: { datasetId: imported.datasetId }, orderBy: { position: "asc" } });

    for (const row of rows) {
      const profile = JSON.parse(row.profileJson);
      const preview = await previewOfficialPrompt({ task, input: row.input, profile }, { method: "bm25", k: 2 });
      // Every profile here has more than 2 items, so bm25 returns exactly 2, ranked 1 and 2.
      expect(preview.retrieved.map((r) => r.rank)).toEqual([1, 2]);
      expect(preview.query).not.toBeNull();
      // LaMP-1's query joins two quoted titles; every other query is the input's tail.
      if (task !== "LaMP-1") expect(row.input).toContain(preview.query as string);
      const prompt = preview.prompt;
      expect(prompt.profileIncluded).toBe(true);
      expect(prompt.prompt).toContain(row.input.slice(-40));
      // Each retrieved item's fragment is in the prompt: its kept (whitespace-decoded) words appear.
      for (const [i, r] of preview.retrieved.entries()) {
        const long = task === "LaMP-1" ? r.item.title : r.item[task === "LaMP-2" ? "description" : "text"];
        const kept = String(long).split(/\s+/).filter(Boolean).slice(0, prompt.items[i].tokensKept).join(" ");
        expect(prompt.prompt).toContain(kept);
      }
    }

    if (imported.goldCount === 0) return;
    // Predictions = golds, written as the official predictions file and read back like any file.
    const order = await datasetExampleOrder(db, imported.datasetId);
    const predsFile = path.join(outDir, `${dir}_${split}_preds.json`);
    await writePredictionsFile(
      predsFile,
      task,
      rows.map((r) => ({ exampleId: r.exampleId, output: r.gold as string })),
      { order },
    );
    const preds = await readOutputsFile(predsFile);
    const golds = await readOutputsFile(lampRealFile(dir, `${split}_outputs.json`));
    expect(preds.task).toBe(golds.task);
    // The evaluator takes the studio's task key, so LaMP-2N is scored on the news label list.
    const scores = evaluateOfficial(task, golds.golds, preds.golds);
    const expected = perfectScores(task, golds.golds.map((g) => g.output));
    for (const [metric, value] of Object.entries(expected)) {
      expect((scores as Record<string, number>)[metric]).toBeCloseTo(value, 12);
    }
  });
});
