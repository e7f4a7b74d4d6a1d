// BM25 top-4 for the real LaMP-7 dev sample replicated to 1,500 examples (the size of the LaMP-7 dev
// split): query = the input after its first ':', corpus = the profile tweets, a fresh per-user index
// for every example, as the official prompts.py does. Reports examples per second.
import fs from "node:fs";
import { retrieveSync } from "../server/retrieval/retrieve";
import { hasLampReal, lampRealFile, lampRealSkipReason } from "../tests/support/sharedData";
import { measure } from "./measure";

const EXAMPLES = 1500;
const K = 4;

type Question = { id: string; input: string; profile: { id: string; text: string }[] };

export async function main(): Promise<void> {
  if (!hasLampReal) {
    console.log(`skipped: ${lampRealSkipReason}`);
    return;
  }
  const questions = JSON.parse(fs.readFileSync(lampRealFile("LaMP_7", "dev_questions.json"), "utf8")) as Question[];
  const examples = Array.from({ length: EXAMPLES }, (_, i) => {
    const q = questions[i % questions.length];
    return { query: q.input.slice(q.input.indexOf(":") + 1).trim(), corpus: q.profile.map((p) => ({ id: p.id, text: p.text })) };
  });
  const profileItems = examples.reduce((n, e) => n + e.corpus.length, 0);
  const once = () => {
    let picked = 0;
    for (const e of examples) picked += retrieveSync({ method: "bm25", k: K, query: e.query, corpus: e.corpus }).length;
    return picked;
  };
  once(); // warm-up
  const { wall, cpu } = measure(5, once);
  console.log(`examples: ${EXAMPLES} (real LaMP-7 dev, ${questions.length} distinct, ${(profileItems / EXAMPLES).toFixed(1)} profile tweets each), k = ${K}`);
  console.log(`wall time for all ${EXAMPLES}, median of 5 runs: ${wall.median.toFixed(1)} ms (min ${wall.min.toFixed(1)}, max ${wall.max.toFixed(1)})`);
  console.log(`CPU time of this process, median: ${cpu.median.toFixed(1)} ms (min ${cpu.min.toFixed(1)}); wall varies with other load on the machine`);
  console.log(`throughput (CPU time): ${Math.round(EXAMPLES / (cpu.median / 1000)).toLocaleString("en-US")} examples/s (tokenize + index build + scoring + top-k each)`);
}
