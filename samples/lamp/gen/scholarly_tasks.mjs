// LaMP-1 (citation identification) and LaMP-5 (scholarly title generation) samples.
import { FIELDS, makeAbstract, neutralTitle, pairs } from "./scholar.mjs";
import { makeRng, distinctDates, itemId, fill, capFirst } from "./util.mjs";

const LAMP1_TEMPLATE =
  'For an author who has written the paper with the title "{title}", which reference is related? Just answer with [1] or [2] without explanation. [1]: "{ref1}" [2]: "{ref2}"';

export const LAMP1_USERS = [
  { id: "1000", field: "ir", size: 38, gold: "[1]", persona: "search and ranking researcher (dense retrieval, learning to rank)" },
  { id: "1001", field: "bio", size: 14, gold: "[2]", persona: "computational biologist (single-cell data, protein models)" },
  { id: "1002", field: "robotics", size: 25, gold: "[2]", persona: "robot learning researcher (grasping, locomotion, manipulation)" },
  { id: "1003", field: "networks", size: 32, gold: "[1]", persona: "wireless networking researcher (mmWave, Wi-Fi, LoRa)" },
  { id: "1004", field: "vision", size: 12, gold: "[1]", persona: "medical image analysis researcher (MRI, CT, histopathology)" },
  { id: "1005", field: "db", size: 18, gold: "[2]", persona: "database systems researcher (query optimisation, transactions)" },
  { id: "1006", field: "security", size: 16, gold: "[1]", persona: "systems security researcher (malware, fuzzing, privacy)" },
];

export function buildLamp1() {
  const rng = makeRng(101);
  const questions = [];
  const golds = [];
  const fieldKeys = Object.keys(FIELDS);
  for (const u of LAMP1_USERS) {
    const field = FIELDS[u.field];
    const all = pairs(rng, field);
    const [queryPair, refPair, ...rest] = all;
    const seen = new Set();
    const profilePairs = [];
    // Cycle through the remaining pairs; a second pass re-uses a pair only under a new title.
    for (let i = 0; profilePairs.length < u.size; i++) {
      const [p, m] = rest[i % rest.length];
      const title = neutralTitle(rng, p, m);
      if (seen.has(title)) continue;
      seen.add(title);
      profilePairs.push({ p, m, title });
    }
    const dates = distinctDates(rng, u.size, 2009, 2021);
    const profile = profilePairs.map(({ p, m, title }, i) => ({
      id: itemId(u.id, i),
      title,
      abstract: makeAbstract(rng, field, p, m),
      date: dates[i],
    }));
    const queryTitle = neutralTitle(rng, queryPair[0], queryPair[1]);
    let related = neutralTitle(rng, refPair[0], refPair[1]);
    while (related === queryTitle || seen.has(related)) related = neutralTitle(rng, refPair[0], refPair[1]);
    const otherField = FIELDS[rng.pick(fieldKeys.filter((k) => k !== u.field))];
    const [op, om] = rng.pick(pairs(rng, otherField));
    const unrelated = neutralTitle(rng, op, om);
    const [ref1, ref2] = u.gold === "[1]" ? [related, unrelated] : [unrelated, related];
    questions.push({ id: u.id, input: fill(LAMP1_TEMPLATE, { title: queryTitle, ref1, ref2 }), profile });
    golds.push({ id: u.id, output: u.gold });
  }
  return { questions, outputs: { task: "LaMP_1", golds } };
}

// ---------------------------------------------------------------- LaMP-5

const NAME_HEADS = ["Babel", "Quill", "Parley", "Tandem", "Echo", "Scribe", "Relay", "Prism", "Glossa", "Mosaic", "Compass", "Loom", "Lantern", "Harbor", "Ferry", "Tessera", "Marlin", "Juniper"];
const NAME_TAILS = ["", "", "Net", "MT", "Gen", "Align", "Bench", "LM"];
const TOWARDS_ADJ = ["Robust", "Practical", "Efficient", "Scalable", "Trustworthy", "Deployable"];
const ON_THE = ["Robustness", "Limits", "Effectiveness", "Generalisation", "Hidden Costs", "Stability"];
const FRAMEWORK_ADJ = ["Unified", "Lightweight", "Modular", "Label-Efficient"];

/** Each style returns { title, intro } where intro is the abstract's contribution sentence (or null). */
const STYLES = {
  colon: (rng, p, m) => {
    const name = rng.pick(NAME_HEADS) + rng.pick(NAME_TAILS);
    const desc = rng.pick([
      `${m.title} for ${p.title}`,
      `${p.title} with ${m.title}`,
      `${m.title} for Better ${p.title}`,
    ]);
    return {
      title: `${name}: ${desc}`,
      intro: rng.pick([`We introduce ${name}, ${m.np} for ${p.np}.`, `We present ${name}, which applies ${m.np} to ${p.np}.`]),
    };
  },
  question: (rng, p, m) => ({
    title: rng.pick([
      `Does ${m.title} Really Help ${p.title}?`,
      `Is ${m.title} All You Need for ${p.title}?`,
      `When Does ${m.title} Work for ${p.title}?`,
      `How Much Can ${m.title} Improve ${p.title}?`,
    ]),
    intro: `In this paper, we ask whether ${m.np} actually helps ${p.np}, and under which conditions.`,
  }),
  towards: (rng, p, m) => {
    const adj = rng.pick(TOWARDS_ADJ);
    return {
      title: rng.chance(0.5) ? `Towards ${adj} ${p.title}` : `Towards ${adj} ${p.title} with ${m.title}`,
      intro: `Towards the goal of more ${adj.toLowerCase()} ${p.np}, we propose ${m.np}.`,
    };
  },
  onthe: (rng, p, m) => {
    const prop = rng.pick(ON_THE);
    return {
      title: `On the ${prop} of ${m.title} for ${p.title}`,
      intro: `We study the ${prop.toLowerCase()} of ${m.np} when it is applied to ${p.np}.`,
    };
  },
  framework: (rng, p, m) => {
    const adj = rng.pick(FRAMEWORK_ADJ);
    return rng.chance(0.5)
      ? { title: `A ${adj} ${m.title} Framework for ${p.title}`, intro: `We present a ${adj.toLowerCase()} framework for ${p.np} built around ${m.np}.` }
      : { title: `${/^[AEIOU]/.test(m.title) ? "An" : "A"} ${m.title} Framework for ${p.title}`, intro: `We present a framework for ${p.np} built around ${m.np}.` };
  },
  learning: (rng, p, m) => ({
    title: `Learning to ${p.verb} with ${m.title}`,
    intro: `We show how a robot can learn to ${p.verb.toLowerCase()} using ${m.np}.`,
  }),
  via: (rng, p, m) => ({ title: `${p.title} via ${m.title}`, intro: null }),
};

export const LAMP5_USERS = [
  { id: "5000", field: "nlp", style: "colon", size: 40, persona: 'NLP author who always names the system and uses "Name: Description" titles' },
  { id: "5001", field: "ir", style: "question", size: 14, persona: 'IR author who writes question titles ("Does X Really Help Y?")' },
  { id: "5002", field: "security", style: "towards", size: 12, persona: 'security author who writes "Towards <Adjective> <Problem>" titles' },
  { id: "5003", field: "db", style: "onthe", size: 16, persona: 'database author who writes analytical "On the <Property> of X for Y" titles' },
  { id: "5004", field: "vision", style: "framework", size: 22, persona: 'medical imaging author who writes "A ... Framework for Y" titles' },
  { id: "5005", field: "robotics", style: "learning", size: 28, persona: 'robot learning author who writes "Learning to <Verb> with X" titles' },
  { id: "5006", field: "bio", style: "via", size: 26, persona: 'computational biologist who writes terse "Y via X" titles' },
];

const LAMP5_TEMPLATE = "Generate a title for the following abstract of a paper: {abstract}";

export function buildLamp5() {
  const rng = makeRng(505);
  const questions = [];
  const golds = [];
  for (const u of LAMP5_USERS) {
    const field = FIELDS[u.field];
    const all = pairs(rng, field);
    const style = STYLES[u.style];
    const seen = new Set();
    const papers = [];
    for (let i = 0; papers.length < u.size + 1; i++) {
      const [p, m] = all[i % all.length];
      const { title, intro } = style(rng, p, m);
      if (seen.has(title)) continue;
      seen.add(title);
      papers.push({ title, abstract: makeAbstract(rng, field, p, m, intro ?? undefined) });
    }
    const [query, ...history] = papers;
    const dates = distinctDates(rng, u.size, 2011, 2023);
    const profile = history.map((x, i) => ({ id: itemId(u.id, i), title: x.title, abstract: x.abstract, date: dates[i] }));
    questions.push({ id: u.id, input: fill(LAMP5_TEMPLATE, { abstract: query.abstract }), profile });
    golds.push({ id: u.id, output: query.title });
  }
  return { questions, outputs: { task: "LaMP_5", golds } };
}
