#!/usr/bin/env node
// Regenerates the built-in sample datasets: node samples/lamp/generate.mjs
// Deterministic (seeded), so re-running it rewrites identical files. The JSON files are the product;
// the content pools live in gen/*.mjs and were written for ReaPer Studio (no LaMP text).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildLamp1, buildLamp5 } from "./gen/scholarly_tasks.mjs";
import { buildLamp2 } from "./gen/movies.mjs";
import { buildLamp2N, buildLamp4 } from "./gen/news_tasks.mjs";
import { buildLamp3 } from "./gen/reviews.mjs";
import { buildLamp7 } from "./gen/tweets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

const BUILDERS = {
  LaMP_1: buildLamp1,
  LaMP_2: buildLamp2,
  LaMP_2N: buildLamp2N,
  LaMP_3: buildLamp3,
  LaMP_4: buildLamp4,
  LaMP_5: buildLamp5,
  LaMP_7: buildLamp7,
};

for (const [folder, build] of Object.entries(BUILDERS)) {
  const { questions, outputs } = build();
  const dir = path.join(here, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "dev_questions.json"), JSON.stringify(questions, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "dev_outputs.json"), JSON.stringify(outputs, null, 2) + "\n");
  const sizes = questions.map((q) => q.profile.length);
  console.log(`${folder}: ${questions.length} examples, profile sizes ${Math.min(...sizes)}-${Math.max(...sizes)}`);
}
