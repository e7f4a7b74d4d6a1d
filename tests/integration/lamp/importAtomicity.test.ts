import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importDataset, type ImportOptions } from "../../../server/lamp/importDataset";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

// 1,200 questions: more than two createMany batches (500 rows each) are written before a failure
// found at the end of the file, so these tests show a rollback, not an early exit.
const MANY = 1200;
const tweet = (i: number) => ({
  id: String(i),
  input: `Paraphrase the following tweet without any explanation before or after it: tweet ${i}`,
  profile: [{ id: `${i}0`, text: `old tweet ${i}` }],
});

let temp: TempDatabase;
let dir: string;
beforeAll(() => {
  temp = createTempDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-atomic-"));
});
afterAll(async () => {
  await temp.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
  return p;
}

const questions = Array.from({ length: MANY }, (_, i) => tweet(i));
const goodOutputs = { task: "LaMP_7", golds: questions.map((q) => ({ id: q.id, output: `gold ${q.id}` })) };

function opts(over: Partial<ImportOptions>): ImportOptions {
  return { name: "tweets", split: "dev", source: "import", questionsPath: write("q.json", questions), ...over };
}

async function counts() {
  return { datasets: await temp.db.dataset.count(), examples: await temp.db.example.count() };
}

describe("importDataset is all-or-nothing", () => {
  beforeEach(async () => {
    await temp.db.dataset.deleteMany();
  });

  it("imports a good pair (the baseline the failures below are compared with)", async () => {
    const result = await importDataset(temp.db, opts({ outputsPath: write("o.json", goodOutputs) }));
    expect(result).toMatchObject({ task: "LaMP-7", exampleCount: MANY, goldCount: MANY });
    expect(await counts()).toEqual({ datasets: 1, examples: MANY });
  });

  it("a gold id missing from the questions rolls back every batch already written", async () => {
    const outputs = { task: "LaMP_7", golds: [...goodOutputs.golds, { id: "9999", output: "x" }] };
    await expect(importDataset(temp.db, opts({ outputsPath: write("o.json", outputs) }))).rejects.toThrow(
      'o.json: 1 gold id(s) are not in q.json: "9999"',
    );
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });

  it("a bad record near the end rolls back", async () => {
    const bad = questions.map((q, i) => (i === MANY - 3 ? { ...q, profile: [{ id: "x" }] } : q));
    await expect(importDataset(temp.db, opts({ questionsPath: write("bad.json", bad) }))).rejects.toThrow(
      `bad.json: record ${MANY - 3} (id "${MANY - 3}"): profile[0] (id "x") has no "text" (LaMP-7 profile items need id, text)`,
    );
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });

  it("a file cut off mid-record rolls back", async () => {
    const text = JSON.stringify(questions);
    const cut = write("cut.json", text.slice(0, text.length - 20));
    await expect(importDataset(temp.db, opts({ questionsPath: cut }))).rejects.toThrow(
      `cut.json: malformed JSON at byte ${Buffer.byteLength(text) - 20}: unexpected end of file inside element ${MANY - 1}`,
    );
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });

  it("a repeated question id rolls back", async () => {
    const dup = [...questions, tweet(5)];
    await expect(importDataset(temp.db, opts({ questionsPath: write("dup.json", dup) }))).rejects.toThrow(
      `dup.json: record ${MANY} (id "5"): the id repeats record 5`,
    );
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });

  it("an outputs file of another task is refused before anything is written", async () => {
    await expect(
      importDataset(temp.db, opts({ task: "LaMP-7", outputsPath: write("o4.json", { task: "LaMP_4", golds: [] }) })),
    ).rejects.toThrow('o4.json: "task" is "LaMP_4" but the import is for LaMP-7 (files say "LaMP_7")');
    await expect(
      importDataset(temp.db, opts({ outputsPath: write("o9.json", { task: "LaMP_9", golds: [] }) })),
    ).rejects.toThrow('o9.json: "task" is "LaMP_9", not a LaMP task name (LaMP_1 .. LaMP_7)');
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });

  it("a gold outside the label set is refused (wrong task variant)", async () => {
    const news = [
      {
        id: "1",
        input: "Which category does this article relate to among the following categories? ... article: x",
        profile: [{ id: "10", title: "t", text: "x", category: "women" }],
      },
    ];
    await expect(
      importDataset(
        temp.db,
        opts({ questionsPath: write("n.json", news), outputsPath: write("no.json", { task: "LaMP_2", golds: [{ id: "1", output: "comedy" }] }) }),
      ),
    ).rejects.toThrow('no.json: golds[0] (id "1"): output "comedy" is not a LaMP-2N label');
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });

  it("a name already taken is a clear error and leaves the first dataset alone", async () => {
    await importDataset(temp.db, opts({}));
    await expect(importDataset(temp.db, opts({}))).rejects.toThrow('A dataset named "tweets" already exists; choose another name.');
    expect(await counts()).toEqual({ datasets: 1, examples: MANY });
  });

  it("an empty questions file and an undetectable task are refused", async () => {
    await expect(importDataset(temp.db, opts({ questionsPath: write("e.json", "[]") }))).rejects.toThrow("e.json holds no questions");
    await expect(
      importDataset(temp.db, opts({ questionsPath: write("u.json", [{ id: "1", input: "Summarise", profile: [] }]) })),
    ).rejects.toThrow('u.json: cannot tell the task from record 0 (id "1"); pass the task (LaMP-1, LaMP-2, LaMP-2N, LaMP-3, LaMP-4, LaMP-5, LaMP-6, LaMP-7)');
    expect(await counts()).toEqual({ datasets: 0, examples: 0 });
  });
});
