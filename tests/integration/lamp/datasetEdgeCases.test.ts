/**
 * Issue 11, dataset files: a byte order mark is accepted in both files; repeated profile ids and
 * partial golds import with warnings (returned, and printed by `cli import`), not in silence; NUL is
 * refused with its record and field on PostgreSQL too. The refusals are in
 * tests/integration/corpus/datasetCorpus.test.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as importCommand } from "../../../cli/commands/import";
import { importDataset, type ImportOptions } from "../../../server/lamp/importDataset";
import { captureConsole } from "../../support/captureConsole";
import { tableCounts } from "../../support/tableCounts";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { createTempPostgresDatabase, hasPostgres, postgresSkipReason } from "../../support/tempPostgres";

const tweet = (i: number, profileIds = [`${i}0`]) => ({
  id: String(i),
  input: `Paraphrase the following tweet without any explanation before or after it: tweet ${i}`,
  profile: profileIds.map((id) => ({ id, text: `old tweet ${id}` })),
});
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

let temp: TempDatabase;
let dir: string;
beforeAll(() => {
  temp = createTempDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataset-edges-"));
});
afterAll(async () => {
  await temp.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown, prefix = Buffer.alloc(0)): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.concat([prefix, Buffer.from(JSON.stringify(value))]));
  return p;
}
const opts = (over: Partial<ImportOptions> & Pick<ImportOptions, "name" | "questionsPath">): ImportOptions => ({ split: "dev", source: "import", ...over });

describe("dataset files", () => {
  it("accept a UTF-8 byte order mark in the questions file and in the outputs file", async () => {
    const questions = [tweet(1), tweet(2)];
    const result = await importDataset(
      temp.db,
      opts({
        name: "with BOMs",
        questionsPath: write("bom_q.json", questions, BOM),
        outputsPath: write("bom_o.json", { task: "LaMP_7", golds: questions.map((q) => ({ id: q.id, output: `gold é ${q.id}` })) }, BOM),
      }),
    );
    expect(result).toMatchObject({ task: "LaMP-7", exampleCount: 2, goldCount: 2, warnings: [] });
    const golds = await temp.db.example.findMany({ where: { datasetId: result.datasetId }, orderBy: { position: "asc" }, select: { gold: true } });
    expect(golds.map((g) => g.gold)).toEqual(["gold é 1", "gold é 2"]);
  });

  it("import repeated profile ids and partial golds with warnings that say where", async () => {
    const questions = [tweet(1, ["a", "b", "a"]), tweet(2), tweet(3, ["c", "c"]), tweet(4)];
    const result = await importDataset(
      temp.db,
      opts({
        name: "with warnings",
        questionsPath: write("warn_q.json", questions),
        outputsPath: write("warn_o.json", { task: "LaMP_7", golds: [{ id: "1", output: "g1" }, { id: "3", output: "g3" }] }),
      }),
    );
    expect(result).toMatchObject({ exampleCount: 4, goldCount: 2 });
    expect(result.warnings).toEqual([
      'warn_q.json: 2 record(s) have profile items with the same id, which retrieval results and item references cannot tell apart: record 0 (id "1"): "a"; record 2 (id "3"): "c"',
      'warn_o.json: 2 of 4 questions have no gold output (they are not scored): "2", "4"',
    ]);
    // Without an outputs file, no gold is expected: no warning about golds.
    const noOutputs = await importDataset(temp.db, opts({ name: "no outputs", questionsPath: write("plain_q.json", [tweet(1), tweet(2)]) }));
    expect(noOutputs.warnings).toEqual([]);
  });

  it("cli import prints the warnings", async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `file:${path.join(dir, "cli.db")}`;
    try {
      const printed = await captureConsole(() =>
        importCommand(["--questions", write("cli_q.json", [tweet(1, ["x", "x"]), tweet(2)]), "--outputs", write("cli_o.json", { task: "LaMP_7", golds: [{ id: "1", output: "g" }] }), "--split", "dev"]),
      );
      expect(printed.code).toBe(0);
      expect(printed.out).toMatch(/2 examples, 1 with a gold output/);
      expect(printed.err).toContain('Warning: cli_q.json: 1 record(s) have profile items with the same id');
      expect(printed.err).toContain('Warning: cli_o.json: 1 of 2 questions have no gold output (they are not scored): "2"');
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });

  describe.skipIf(!hasPostgres)(hasPostgres ? "on PostgreSQL" : postgresSkipReason, () => {
    it("a NUL in a record is refused with its record number and field, and every table stays as it was", async () => {
      const pg = await createTempPostgresDatabase();
      try {
        const before = await tableCounts(pg.db);
        const questions = [tweet(1), { ...tweet(2), profile: [{ id: "20", text: "has \u0000 inside" }] }];
        await expect(importDataset(pg.db, opts({ name: "nul", questionsPath: write("nul_q.json", questions) }))).rejects.toThrow(
          'nul_q.json: record 1 (id "2"): profile[0].text contains a NUL character (U+0000) at character 4, which the studio does not store (PostgreSQL text cannot hold it)',
        );
        const nulGold = write("nul_o.json", { task: "LaMP_7", golds: [{ id: "1", output: "\u0000" }] });
        await expect(importDataset(pg.db, opts({ name: "nul", questionsPath: write("ok_q.json", [tweet(1)]), outputsPath: nulGold }))).rejects.toThrow(
          "nul_o.json: golds[0].output contains a NUL character (U+0000) at character 0",
        );
        expect(await tableCounts(pg.db)).toEqual(before);
        // The same file without the NUL imports there.
        expect((await importDataset(pg.db, opts({ name: "clean", questionsPath: write("ok_q.json", [tweet(1)]) }))).exampleCount).toBe(1);
      } finally {
        await pg.cleanup();
      }
    });
  });
});
