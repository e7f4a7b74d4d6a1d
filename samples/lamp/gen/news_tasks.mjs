// LaMP-2N (news categorisation, the old LaMP-2) and LaMP-4 (news headline generation) samples.
import { CATEGORIES, makeArticle } from "./news.mjs";
import { makeRng, distinctDates, itemId, fill, uniqueMany } from "./util.mjs";

export const NEWS_CATEGORIES = ["women", "religion", "politics", "style & beauty", "entertainment", "culture & arts", "sports", "science & technology", "travel", "business", "crime", "education", "healthy living", "parents", "food & drink"];

const LAMP2N_TEMPLATE =
  "Which category does this article relate to among the following categories? Just answer with the category name without further explanation. categories: [women, religion, politics, style & beauty, entertainment, culture & arts, sports, science & technology, travel, business, crime, education, healthy living, parents, food & drink] article: {text}";

export const LAMP2N_USERS = [
  { id: "2500", size: 28, focus: ["politics", "business"], gold: "politics", persona: "political reporter who also covers business" },
  { id: "2501", size: 16, focus: ["sports", "healthy living"], gold: "healthy living", persona: "sports writer with a side line in fitness and health" },
  { id: "2502", size: 40, focus: ["food & drink", "travel"], gold: "food & drink", persona: "food and travel columnist" },
  { id: "2503", size: 12, focus: ["parents", "education"], gold: "parents", persona: "family and schools reporter" },
  { id: "2504", size: 34, focus: ["entertainment", "style & beauty"], gold: "style & beauty", persona: "entertainment and fashion writer" },
  { id: "2505", size: 20, focus: ["science & technology", "culture & arts"], gold: "science & technology", persona: "science writer who also reviews exhibitions and books" },
  { id: "2506", size: 24, focus: ["women", "religion"], gold: "women", persona: "writer on women's leadership and faith communities" },
];

export function buildLamp2N() {
  const rng = makeRng(252);
  const questions = [];
  const golds = [];
  for (const u of LAMP2N_USERS) {
    // 50% first focus, 30% second focus, the rest spread over other categories.
    const n1 = Math.round(u.size * 0.5);
    const n2 = Math.round(u.size * 0.3);
    const others = NEWS_CATEGORIES.filter((c) => !u.focus.includes(c));
    const cats = rng.shuffle([
      ...Array(n1).fill(u.focus[0]),
      ...Array(n2).fill(u.focus[1]),
      ...Array.from({ length: u.size - n1 - n2 }, () => rng.pick(others)),
    ]);
    const seen = new Set();
    const fresh = (x) => !seen.has(x.title) && !seen.has(x.text);
    const articles = [u.gold, ...cats].map((category) => {
      const [a] = uniqueMany(1, () => makeArticle(rng, category), (x) => (fresh(x) ? x.title : null));
      seen.add(a.title).add(a.text);
      return { ...a, category };
    });
    const [query, ...history] = articles;
    const dates = distinctDates(rng, u.size, 2012, 2018);
    const profile = history.map((a, i) => ({ id: itemId(u.id, i), title: a.title, text: a.text, category: a.category, date: dates[i] }));
    questions.push({ id: u.id, input: fill(LAMP2N_TEMPLATE, { text: query.text }), profile });
    golds.push({ id: u.id, output: u.gold });
  }
  // Both LaMP-2 variants use "LaMP_2" as the task name in the official files.
  return { questions, outputs: { task: "LaMP_2", golds } };
}

const LAMP4_TEMPLATE = "Generate a headline for the following article: {text}";

export const LAMP4_USERS = [
  { id: "4000", size: 30, beat: "healthy living", persona: 'health writer whose headlines are questions ("Could Short Walks After Meals Lead to Steadier Blood Sugar?")' },
  { id: "4001", size: 40, beat: "politics", persona: 'sober politics reporter: plain factual headlines ("Riverton Council Approves Airport Expansion")' },
  { id: "4002", size: 14, beat: "travel", persona: 'travel writer who turns everything into a numbered list ("7 Quiet Villages in ...")' },
  { id: "4003", size: 22, beat: "science & technology", persona: 'science explainer: "How ..." and "Why ..." headlines' },
  { id: "4004", size: 12, beat: "parents", persona: 'parenting essayist writing first-person headlines ("What My Toddler Taught Me About Patience")' },
  { id: "4005", size: 26, beat: "sports", persona: "sports desk: punchy recaps with surnames and short team names" },
  { id: "4006", size: 18, beat: "business", persona: 'business features writer who opens with "Inside ..."' },
];

export function buildLamp4() {
  const rng = makeRng(404);
  const questions = [];
  const golds = [];
  for (const u of LAMP4_USERS) {
    if (!CATEGORIES[u.beat].some((f) => f.h4)) throw new Error(`no LaMP-4 style for ${u.beat}`);
    const seen = new Set();
    const articles = uniqueMany(u.size + 1, () => {
      const a = makeArticle(rng, u.beat, { styledOnly: true });
      if (seen.has(a.headline) || seen.has(a.text)) return null;
      seen.add(a.headline).add(a.text);
      return a;
    }, (a) => (a ? a.headline : null));
    const [query, ...history] = articles;
    const dates = distinctDates(rng, u.size, 2012, 2018);
    const profile = history.map((a, i) => ({ id: itemId(u.id, i), title: a.headline, text: a.text, date: dates[i] }));
    questions.push({ id: u.id, input: fill(LAMP4_TEMPLATE, { text: query.text }), profile });
    golds.push({ id: u.id, output: query.headline });
  }
  return { questions, outputs: { task: "LaMP_4", golds } };
}
