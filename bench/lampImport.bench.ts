// Streaming import of a large LaMP-3-like questions file (synthetic, written to a temp folder):
// splitter throughput alone, then a full import into a temp SQLite file, with the heap high-water
// mark during each, to show memory stays near one element + one chunk + one insert batch.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../server/db/client";
import { importDataset } from "../server/lamp/importDataset";
import { streamJsonArrayFile } from "../server/lamp/jsonArrayStream";

const QUESTIONS = 1500;
const PROFILE_ITEMS = 80;

function review(i: number, j: number): string {
  // Varied text with quotes, escapes and non-ASCII so the scanner's string path is exercised.
  return `Item ${i}-${j}: the "pan" heats evenly \\ caf\u00e9 ${"lorem ipsum dolor sit amet ".repeat(12 + ((i * 7 + j) % 9))}`;
}

async function writeSyntheticFile(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("[\n");
  for (let i = 0; i < QUESTIONS; i++) {
    const profile = Array.from({ length: PROFILE_ITEMS }, (_, j) => ({ text: review(i, j), score: String(1 + ((i + j) % 5)), id: `${i}${j}` }));
    const q = { id: String(i), input: `What is the score of the following review on a scale of 1 to 5? just answer with 1, 2, 3, 4, or 5 without further explanation. review: ${review(i, -1)}`, profile };
    await write(JSON.stringify(q, null, 1) + (i < QUESTIONS - 1 ? ",\n" : "\n"));
  }
  await write("]\n");
  await new Promise<void>((r, e) => out.end((err?: Error | null) => (err ? e(err) : r())));
}

function heapWatcher() {
  let peak = process.memoryUsage().heapUsed;
  return {
    sample: () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    },
    peakMb: () => peak / (1 << 20),
  };
}

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-import-bench-"));
  try {
    const file = path.join(dir, "train_questions.json");
    await writeSyntheticFile(file);
    const mb = fs.statSync(file).size / (1 << 20);
    console.log(`synthetic LaMP-3 questions: ${QUESTIONS} questions x ${PROFILE_ITEMS} profile items, ${mb.toFixed(1)} MB`);

    global.gc?.();
    let heap = heapWatcher();
    let t0 = performance.now();
    let n = 0;
    for await (const _ of streamJsonArrayFile(file, { onProgress: heap.sample })) n += 1;
    let s = (performance.now() - t0) / 1000;
    console.log(`split + JSON.parse: ${n} elements in ${s.toFixed(2)} s = ${(mb / s).toFixed(0)} MB/s; heap peak ${heap.peakMb().toFixed(0)} MB`);

    global.gc?.();
    const db = openDatabase(`file:${path.join(dir, "bench.db")}`);
    heap = heapWatcher();
    t0 = performance.now();
    const result = await importDataset(
      db,
      { name: "bench", task: "LaMP-3", split: "train", source: "import", questionsPath: file },
      { onProgress: heap.sample },
    );
    s = (performance.now() - t0) / 1000;
    console.log(
      `importDataset: ${result.exampleCount} examples in ${s.toFixed(2)} s = ${(mb / s).toFixed(0)} MB/s, ` +
        `${(result.exampleCount / s).toFixed(0)} examples/s; heap peak ${heap.peakMb().toFixed(0)} MB`,
    );
    await db.$disconnect();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
