// ROUGE-1 + ROUGE-L for 10,000 prediction/reference pairs on one core. Pairs come from the real LaMP-7
// dev sample (each gold tweet against the user's profile tweets) when ../shared is present, else from
// generated tweet-like text. Reports pairs per second and the ratio to a 10,000 pairs/s target.
import fs from "node:fs";
import { rougeMeans } from "../server/metrics/lamp/rougeScore";
import { hasLampReal, lampRealFile } from "../tests/support/sharedData";
import { measure } from "./measure";

const PAIRS = 10_000;
const TARGET_PAIRS_PER_SECOND = 10_000;

type Question = { id: string; profile: { text: string }[] };
type Outputs = { golds: { id: string; output: string }[] };

function realPairs(): { source: string; preds: string[]; refs: string[] } {
  const questions = JSON.parse(fs.readFileSync(lampRealFile("LaMP_7", "dev_questions.json"), "utf8")) as Question[];
  const outputs = JSON.parse(fs.readFileSync(lampRealFile("LaMP_7", "dev_outputs.json"), "utf8")) as Outputs;
  const gold = new Map(outputs.golds.map((g) => [g.id, g.output]));
  const all: [string, string][] = [];
  for (const q of questions) for (const p of q.profile) all.push([p.text, gold.get(q.id) ?? ""]);
  const preds: string[] = [];
  const refs: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const [p, r] = all[i % all.length];
    preds.push(p);
    refs.push(r);
  }
  return { source: `real LaMP-7 dev (${all.length} distinct pairs, repeated)`, preds, refs };
}

function generatedPairs(): { source: string; preds: string[]; refs: string[] } {
  const words = "i you the a so just got love day today night work home time new good lol back now going can't wait tomorrow".split(" ");
  let seed = 42;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const tweet = () => Array.from({ length: 8 + Math.floor(next() * 18) }, () => words[Math.floor(next() * words.length)]).join(" ") + "!";
  return { source: "generated tweet-like text", preds: Array.from({ length: PAIRS }, tweet), refs: Array.from({ length: PAIRS }, tweet) };
}

export async function main(): Promise<void> {
  const { source, preds, refs } = hasLampReal ? realPairs() : generatedPairs();
  rougeMeans(preds.slice(0, 500), refs.slice(0, 500)); // warm-up
  let result = { rouge1: 0, rougeL: 0 };
  const { wall, cpu } = measure(5, () => {
    result = rougeMeans(preds, refs);
  });
  const pairsPerSecond = PAIRS / (cpu.median / 1000);
  console.log(`pairs: ${PAIRS} from ${source}`);
  console.log(`wall time, median of 5 runs: ${wall.median.toFixed(1)} ms (min ${wall.min.toFixed(1)}, max ${wall.max.toFixed(1)})`);
  console.log(`CPU time of this process, median: ${cpu.median.toFixed(1)} ms (min ${cpu.min.toFixed(1)}); wall varies with other load on the machine`);
  console.log(`throughput (CPU time): ${Math.round(pairsPerSecond).toLocaleString("en-US")} pairs/s; best wall run: ${Math.round(PAIRS / (wall.min / 1000)).toLocaleString("en-US")} pairs/s`);
  console.log(`ratio to the ${TARGET_PAIRS_PER_SECOND.toLocaleString("en-US")} pairs/s target: ${(pairsPerSecond / TARGET_PAIRS_PER_SECOND).toFixed(1)}x`);
  console.log(`mean ROUGE-1 ${result.rouge1.toFixed(4)}, ROUGE-L ${result.rougeL.toFixed(4)}`);
}
