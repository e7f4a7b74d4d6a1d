/**
 * A synthetic LaMP-2 (movie tagging) dataset, deterministic for a given seed: `examples` questions
 * drawn from a pool of `users` users (so users repeat, about examples/users questions each, and all
 * questions of a user carry that user's identical profile), 50-150 profile items per user, each a
 * 14-40-word description with a tag and a date. Written as LaMP's dev_questions.json and
 * dev_outputs.json, streamed (the 20,000-question file is a few hundred MB).
 */
import fs from "node:fs";
import path from "node:path";

export type SyntheticDataset = { questionsPath: string; outputsPath: string; bytes: number; examples: number; users: number; meanProfile: number };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON =
  "the a of in to and his her their who when after before with from into over under finds must learns discovers fights returns escapes loses saves meets becomes".split(
    " ",
  );
const SYLLABLES = "ka ri to mel an dor vi sa lu ne gor phi tem bra cu sol ve ra mi zan or el tu pa qui der fa no li".split(" ");

/** A vocabulary of pseudo-words; drawing from it with a skewed distribution gives BM25 realistic term statistics. */
function vocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

export async function writeSyntheticLamp2(
  dir: string,
  options: { examples: number; users: number; labels: readonly string[]; seed?: number },
): Promise<SyntheticDataset> {
  const rand = mulberry32(options.seed ?? 7);
  const vocab = vocabulary(rand, 4000);
  const skewed = () => vocab[Math.floor(vocab.length * rand() ** 2.2)];
  const sentence = (topic: string[], words: number) => {
    const out: string[] = [];
    for (let i = 0; i < words; i++) {
      const r = rand();
      out.push(r < 0.35 ? COMMON[Math.floor(rand() * COMMON.length)] : r < 0.55 ? topic[Math.floor(rand() * topic.length)] : skewed());
    }
    return `${out.join(" ")}.`;
  };
  const labels = options.labels;
  const label = () => labels[Math.floor(rand() * labels.length)];

  // Each user: a few favourite topic words and a profile written once, shared by all their questions.
  let profileItems = 0;
  const users = Array.from({ length: options.users }, (_, u) => {
    const topic = Array.from({ length: 12 }, skewed);
    const size = 50 + Math.floor(rand() * 101);
    profileItems += size;
    const start = Date.UTC(2005, 0, 1) + Math.floor(rand() * 3000) * 86_400_000;
    const profile = Array.from({ length: size }, (_, j) => ({
      id: `${u}${String(j).padStart(3, "0")}`,
      description: sentence(topic, 14 + Math.floor(rand() * 27)),
      tag: label(),
      date: new Date(start + j * 9 * 86_400_000).toISOString().slice(0, 10),
    }));
    return { topic, profileJson: JSON.stringify(profile) };
  });

  fs.mkdirSync(dir, { recursive: true });
  const questionsPath = path.join(dir, "dev_questions.json");
  const outputsPath = path.join(dir, "dev_outputs.json");
  const out = fs.createWriteStream(questionsPath);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  const golds: { id: string; output: string }[] = [];
  const prefix = `Which tag does this movie relate to among the following tags? Just answer with the tag name without further explanation. tags: [${labels.join(", ")}] description: `;
  await write("[\n");
  for (let i = 0; i < options.examples; i++) {
    const user = users[Math.floor(rand() * users.length)];
    const id = String(100_000 + i);
    const input = prefix + sentence(user.topic, 20 + Math.floor(rand() * 20)) + " " + sentence(user.topic, 10);
    golds.push({ id, output: label() });
    await write(`{"id":${JSON.stringify(id)},"input":${JSON.stringify(input)},"profile":${user.profileJson}}${i < options.examples - 1 ? ",\n" : "\n"}`);
  }
  await write("]\n");
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  fs.writeFileSync(outputsPath, JSON.stringify({ task: "LaMP_2", golds }));
  return {
    questionsPath,
    outputsPath,
    bytes: fs.statSync(questionsPath).size,
    examples: options.examples,
    users: options.users,
    meanProfile: profileItems / options.users,
  };
}
