import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDatasetGolds } from "../../../server/lamp/exportDatasetGolds";
import { importDatasetFromDirectory, type ImportProgress, type Split } from "../../../server/lamp/importDataset";
import { hasLampReal, lampRealFile, lampRealSkipReason } from "../../support/sharedData";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

// Counts read off the files with Python's json.load (len(questions), len(golds), sum of profile sizes).
const CASES: { dir: string; split: Split; task: string; questions: number; golds: number; profileItems: number }[] = [
  { dir: "LaMP_1", split: "train", task: "LaMP-1", questions: 5, golds: 5, profileItems: 418 },
  { dir: "LaMP_1", split: "dev", task: "LaMP-1", questions: 3, golds: 3, profileItems: 351 },
  { dir: "LaMP_1", split: "test", task: "LaMP-1", questions: 4, golds: 0, profileItems: 428 },
  { dir: "LaMP_2_news", split: "train", task: "LaMP-2N", questions: 4, golds: 4, profileItems: 58 },
  { dir: "LaMP_2_news", split: "dev", task: "LaMP-2N", questions: 3, golds: 3, profileItems: 24 },
  { dir: "LaMP_2_news", split: "test", task: "LaMP-2N", questions: 4, golds: 0, profileItems: 244 },
  { dir: "LaMP_4", split: "dev", task: "LaMP-4", questions: 1, golds: 1, profileItems: 17 },
  { dir: "LaMP_7", split: "dev", task: "LaMP-7", questions: 50, golds: 50, profileItems: 1035 },
];

type RawQuestion = { id: string; input: string; profile: object[] };

describe.skipIf(!hasLampReal)(hasLampReal ? "import of the real LaMP files" : lampRealSkipReason, () => {
  let temp: TempDatabase;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-export-"));
  beforeAll(() => {
    temp = createTempDatabase();
  });
  afterAll(async () => {
    await temp.cleanup();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  it.each(CASES)("$dir $split -> $task", async (c) => {
    const { db } = temp;
    const progress: ImportProgress[] = [];
    // No task given: LaMP_2 outputs say "LaMP_2", so the news variant must come from the data;
    // the test splits have no outputs file, so their task comes from the input text.
    const result = await importDatasetFromDirectory(
      db,
      lampRealFile(c.dir),
      { name: `${c.dir} ${c.split}`, split: c.split, source: "import" },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result).toMatchObject({ task: c.task, exampleCount: c.questions, goldCount: c.golds });
    expect(progress.at(-1)).toMatchObject({ phase: "done", records: c.questions });

    // Reference: the files parsed whole with JSON.parse, independently of the streaming reader.
    const questions = JSON.parse(fs.readFileSync(lampRealFile(c.dir, `${c.split}_questions.json`), "utf8")) as RawQuestion[];
    const outputsPath = lampRealFile(c.dir, `${c.split}_outputs.json`);
    const golds = fs.existsSync(outputsPath)
      ? new Map((JSON.parse(fs.readFileSync(outputsPath, "utf8")).golds as { id: string; output: string }[]).map((g) => [g.id, g.output]))
      : new Map<string, string>();

    const dataset = await db.dataset.findUniqueOrThrow({ where: { id: result.datasetId } });
    expect(dataset).toMatchObject({ task: c.task, split: c.split, splitKind: "user", source: "import", exampleCount: c.questions, goldCount: c.golds });
    const rows = await db.example.findMany({ where: { datasetId: result.datasetId }, orderBy: { position: "asc" } });
    expect(rows.map((r) => r.exampleId)).toEqual(questions.map((q) => q.id));
    expect(rows.reduce((n, r) => n + r.profileSize, 0)).toBe(c.profileItems);
    rows.forEach((row, i) => {
      expect(row.position).toBe(i);
      expect(row.input).toBe(questions[i].input);
      expect(JSON.parse(row.profileJson)).toEqual(questions[i].profile);
      expect(row.gold).toBe(golds.get(row.exampleId) ?? null);
    });

    if (c.golds > 0) {
      // The exported gold file reads back as the original outputs file (same ids, order and text).
      const file = path.join(exportDir, `${c.dir}_${c.split}.json`);
      await exportDatasetGolds(db, { id: result.datasetId }, file);
      expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(JSON.parse(fs.readFileSync(outputsPath, "utf8")));
    }
  });
});
