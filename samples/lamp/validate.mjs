#!/usr/bin/env node
// Validates the built-in samples: node samples/lamp/validate.mjs  (exit code 1 on any error)
// Checks the official LaMP file formats, the per-task profile fields, ids, labels, sizes and lengths,
// then prints counts and two cheap profile baselines (majority label, BM25 top-1) per task.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

const MOVIE_TAGS = ["sci-fi", "based on a book", "comedy", "action", "twist ending", "dystopia", "dark comedy", "classic", "psychology", "fantasy", "romance", "thought-provoking", "social commentary", "violence", "true story"];
const NEWS_CATS = ["food & drink", "sports", "education", "parents", "religion", "travel", "business", "crime", "science & technology", "culture & arts", "entertainment", "politics", "women", "style & beauty", "healthy living"];

const LAMP2_PREFIX = "Which tag does this movie relate to among the following tags? Just answer with the tag name without further explanation. tags: [sci-fi, based on a book, comedy, action, twist ending, dystopia, dark comedy, classic, psychology, fantasy, romance, thought-provoking, social commentary, violence, true story] description: ";
const LAMP2N_PREFIX = "Which category does this article relate to among the following categories? Just answer with the category name without further explanation. categories: [women, religion, politics, style & beauty, entertainment, culture & arts, sports, science & technology, travel, business, crime, education, healthy living, parents, food & drink] article: ";

// fields: exact profile-item keys (all strings); label: profile field holding the label; body: the long field and its word range.
const TASKS = {
  LaMP_1: { task: "LaMP_1", idPrefix: "1", fields: ["id", "title", "abstract", "date"], labels: ["[1]", "[2]"], body: ["abstract", 60, 150],
    input: /^For an author who has written the paper with the title "([^"]+)", which reference is related\? Just answer with \[1\] or \[2\] without explanation\. \[1\]: "([^"]+)" \[2\]: "([^"]+)"$/ },
  LaMP_2: { task: "LaMP_2", idPrefix: "20", fields: ["id", "description", "tag", "date"], labels: MOVIE_TAGS, label: "tag", body: ["description", 20, 50], prefix: LAMP2_PREFIX, marker: "description:" },
  LaMP_2N: { task: "LaMP_2", idPrefix: "25", fields: ["id", "title", "text", "category", "date"], labels: NEWS_CATS, label: "category", body: ["text", 30, 120], prefix: LAMP2N_PREFIX, marker: "article:" },
  LaMP_3: { task: "LaMP_3", idPrefix: "3", fields: ["id", "text", "score", "date"], labels: ["1", "2", "3", "4", "5"], label: "score", body: ["text", 20, 80],
    prefix: "What is the score of the following review on a scale of 1 to 5? just answer with 1, 2, 3, 4, or 5 without further explanation. review: ", marker: "review:" },
  LaMP_4: { task: "LaMP_4", idPrefix: "4", fields: ["id", "title", "text", "date"], body: ["text", 50, 120], prefix: "Generate a headline for the following article: ", marker: "article:" },
  LaMP_5: { task: "LaMP_5", idPrefix: "5", fields: ["id", "title", "abstract", "date"], body: ["abstract", 60, 150], prefix: "Generate a title for the following abstract of a paper: ", marker: "paper:" },
  LaMP_7: { task: "LaMP_7", idPrefix: "7", fields: ["id", "text", "date"], body: ["text", 2, 30], maxChars: 140, prefix: "Paraphrase the following tweet without any explanation before or after it: " },
};

const errors = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);
const words = (s) => s.trim().split(/\s+/).length;
const isStr = (x) => typeof x === "string" && x.length > 0;

function bm25Top(queryTokens, docs) {
  // rank_bm25 BM25Okapi semantics (k1=1.5, b=0.75, epsilon=0.25) on whitespace tokens, as the official code.
  const toks = docs.map((d) => d.split(/\s+/).filter(Boolean));
  const N = toks.length;
  const avgdl = toks.reduce((s, t) => s + t.length, 0) / N;
  const df = new Map();
  for (const t of toks) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map();
  let sum = 0;
  const neg = [];
  for (const [w, f] of df) {
    const v = Math.log(N - f + 0.5) - Math.log(f + 0.5);
    idf.set(w, v);
    sum += v;
    if (v < 0) neg.push(w);
  }
  const eps = 0.25 * (sum / idf.size);
  for (const w of neg) idf.set(w, eps);
  let best = -Infinity;
  let bestI = 0;
  toks.forEach((t, i) => {
    const tf = new Map();
    for (const w of t) tf.set(w, (tf.get(w) ?? 0) + 1);
    let s = 0;
    for (const q of queryTokens) {
      const f = tf.get(q) ?? 0;
      s += (idf.get(q) ?? 0) * ((f * 2.5) / (f + 1.5 * (0.25 + (0.75 * t.length) / avgdl)));
    }
    if (s > best) [best, bestI] = [s, i];
  });
  return bestI;
}

function rouge1(a, b) {
  const tok = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").split(" ").filter(Boolean);
  const x = tok(a);
  const y = tok(b);
  const cy = new Map();
  for (const w of y) cy.set(w, (cy.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of x) if ((cy.get(w) ?? 0) > 0) { overlap++; cy.set(w, cy.get(w) - 1); }
  if (!overlap) return 0;
  const p = overlap / x.length;
  const r = overlap / y.length;
  return (2 * p * r) / (p + r);
}

const rows = [];
for (const [folder, spec] of Object.entries(TASKS)) {
  const dir = path.join(here, folder);
  let questions, outputs;
  try {
    questions = JSON.parse(fs.readFileSync(path.join(dir, "dev_questions.json"), "utf8"));
    outputs = JSON.parse(fs.readFileSync(path.join(dir, "dev_outputs.json"), "utf8"));
  } catch (e) {
    err(folder, `cannot read or parse: ${e.message}`);
    continue;
  }
  if (!Array.isArray(questions)) { err(folder, "questions is not a list"); continue; }
  if (questions.length < 6 || questions.length > 8) err(folder, `${questions.length} examples (want 6-8)`);
  const allIds = new Set();
  const addId = (where, id) => {
    if (allIds.has(id)) err(where, `duplicate id ${id}`);
    allIds.add(id);
  };
  const sizes = [];
  let majorityHits = 0;
  let bm25Hits = 0;
  let bm25Rouge = 0;
  const golds = new Map((outputs.golds ?? []).map((g) => [g.id, g.output]));

  for (const q of questions) {
    const where = `${folder}/${q.id}`;
    if (JSON.stringify(Object.keys(q).sort()) !== JSON.stringify(["id", "input", "profile"])) err(where, `question keys ${Object.keys(q)}`);
    if (!isStr(q.id) || !q.id.startsWith(spec.idPrefix)) err(where, `bad id ${q.id}`);
    addId(where, q.id);
    if (!isStr(q.input)) { err(where, "input not a string"); continue; }
    let queryText = null;
    if (spec.input) {
      const m = q.input.match(spec.input);
      if (!m) err(where, "input does not match the LaMP-1 template");
      else queryText = `${m[2]} ${m[3]}`;
    } else {
      if (!q.input.startsWith(spec.prefix)) err(where, "input does not start with the task template");
      queryText = q.input.slice(spec.prefix.length);
      if (spec.marker && q.input.split(spec.marker).length !== 2) err(where, `marker "${spec.marker}" must occur exactly once`);
      const [bf, lo, hi] = spec.body;
      const n = words(queryText);
      if (n < lo || n > hi) err(where, `query text has ${n} words (want ${lo}-${hi})`);
    }
    if (!Array.isArray(q.profile)) { err(where, "profile is not a list"); continue; }
    sizes.push(q.profile.length);
    if (q.profile.length < 10 || q.profile.length > 50) err(where, `profile size ${q.profile.length} (want 10-50)`);
    const dates = new Set();
    const bodies = new Set();
    for (const it of q.profile) {
      const w = `${where}/${it.id}`;
      if (JSON.stringify(Object.keys(it).sort()) !== JSON.stringify(spec.fields.slice().sort())) err(w, `item keys ${Object.keys(it)} (want ${spec.fields})`);
      for (const f of spec.fields) if (!isStr(it[f])) err(w, `field ${f} missing or not a non-empty string`);
      if (!String(it.id).startsWith(q.id)) err(w, "item id does not start with the example id");
      addId(w, it.id);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(it.date) || Number.isNaN(Date.parse(it.date))) err(w, `bad date ${it.date}`);
      if (dates.has(it.date)) err(w, `date ${it.date} repeated in the profile`);
      dates.add(it.date);
      if (spec.label && !spec.labels.includes(it[spec.label])) err(w, `label ${it[spec.label]} not in the label set`);
      const [bf, lo, hi] = spec.body;
      const n = words(it[bf] ?? "");
      if (n < lo || n > hi) err(w, `${bf} has ${n} words (want ${lo}-${hi})`);
      if (spec.maxChars && (it[bf] ?? "").length > spec.maxChars) err(w, `${bf} longer than ${spec.maxChars} characters`);
      if (bodies.has(it[bf])) err(w, `duplicate ${bf} in the profile`);
      bodies.add(it[bf]);
      if (folder === "LaMP_1" && it.title.includes('"')) err(w, "title contains a double quote");
    }

    // Cheap baselines, to check that the profile carries signal.
    const gold = golds.get(q.id);
    if (gold === undefined || queryText === null) continue;
    const corpus = q.profile.map((it) =>
      folder === "LaMP_1" || folder === "LaMP_5" ? `${it.title} ${it.abstract}` : folder === "LaMP_2" ? it.description : folder === "LaMP_2N" || folder === "LaMP_4" ? `${it.title} ${it.text}` : it.text);
    const top = q.profile[bm25Top(queryText.split(/\s+/), corpus)];
    if (spec.label) {
      const counts = new Map();
      for (const it of q.profile) counts.set(it[spec.label], (counts.get(it[spec.label]) ?? 0) + 1);
      const majority = [...counts].sort((a, b) => b[1] - a[1])[0][0];
      if (majority === gold) majorityHits++;
      if (top[spec.label] === gold) bm25Hits++;
    } else if (folder === "LaMP_1") {
      const m = q.input.match(spec.input);
      const score = (ref) => {
        const docs = corpus;
        const i = bm25Top(ref.split(/\s+/), docs);
        const t = new Set(docs[i].split(/\s+/));
        return ref.split(/\s+/).filter((w) => t.has(w)).length / ref.split(/\s+/).length;
      };
      const pred = score(m[2]) >= score(m[3]) ? "[1]" : "[2]";
      if (pred === gold) bm25Hits++;
    } else {
      const field = folder === "LaMP_7" ? "text" : "title";
      bm25Rouge += rouge1(top[field], gold);
    }
  }

  // outputs file
  if (outputs.task !== spec.task) err(folder, `outputs task ${outputs.task} (want ${spec.task})`);
  if (JSON.stringify(Object.keys(outputs).sort()) !== JSON.stringify(["golds", "task"])) err(folder, `outputs keys ${Object.keys(outputs)}`);
  const qIds = questions.map((q) => q.id);
  const gIds = (outputs.golds ?? []).map((g) => g.id);
  if (JSON.stringify(qIds) !== JSON.stringify(gIds)) err(folder, "gold ids differ from question ids");
  for (const g of outputs.golds ?? []) {
    if (JSON.stringify(Object.keys(g).sort()) !== JSON.stringify(["id", "output"])) err(`${folder}/${g.id}`, "gold keys");
    if (!isStr(g.output)) err(`${folder}/${g.id}`, "gold output not a non-empty string");
    if (spec.labels && !spec.labels.includes(g.output)) err(`${folder}/${g.id}`, `gold ${g.output} not in the label set`);
  }
  const n = questions.length;
  const items = sizes.reduce((a, b) => a + b, 0);
  rows.push({
    task: folder,
    examples: n,
    items,
    min: Math.min(...sizes),
    max: Math.max(...sizes),
    golds: spec.labels ? [...new Set(outputs.golds.map((g) => g.output))].join(", ") : "free text",
    majority: spec.label ? `${majorityHits}/${n}` : "-",
    bm25: spec.labels ? `${bm25Hits}/${n} acc` : `${(bm25Rouge / n).toFixed(3)} R-1`,
  });
}

const cols = ["task", "examples", "items", "min", "max", "majority", "bm25", "golds"];
const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => String(r[c]).length))]));
console.log(cols.map((c) => c.padEnd(width[c])).join("  "));
for (const r of rows) console.log(cols.map((c) => String(r[c]).padEnd(width[c])).join("  "));
console.log("(majority = profile's most frequent label equals the gold; bm25 = label or text of the BM25 top-1 profile item)");
if (errors.length) {
  console.error(`\n${errors.length} error(s):`);
  for (const e of errors.slice(0, 50)) console.error("  " + e);
  process.exit(1);
}
console.log("\nAll sample files are valid.");
