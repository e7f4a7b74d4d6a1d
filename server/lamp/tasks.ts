// The LaMP task registry: one entry per task with everything the studio needs to read its files,
// build its retrieval query and corpus, and know what a valid output looks like.
import { LAMP1_LABELS, LAMP2_MOVIE_LABELS, LAMP2_NEWS_LABELS } from "./officialLabels";
import { LampFormatError } from "./lampFormatError";
import type { LampExampleLike, ProfileItem } from "./profileItem";
import { citationQuery, corpusFields, queryAfter, type CorpusMaker, type QueryMaker } from "./queryCorpusMakers";

export const TASK_KEYS = ["LaMP-1", "LaMP-2", "LaMP-2N", "LaMP-3", "LaMP-4", "LaMP-5", "LaMP-6", "LaMP-7"] as const;
export type TaskKey = (typeof TASK_KEYS)[number];

/** The `task` value of LaMP outputs files; both LaMP-2 variants say "LaMP_2". */
export type FileTaskName = "LaMP_1" | "LaMP_2" | "LaMP_3" | "LaMP_4" | "LaMP_5" | "LaMP_6" | "LaMP_7";

export type TaskOutput =
  | { kind: "label"; labels: readonly string[] }
  | { kind: "rating"; min: number; max: number }
  | { kind: "text" };

export type LampTaskSpec = {
  key: TaskKey;
  title: string;
  fileTaskName: FileTaskName;
  /** The task argument of the official Python scripts ("LaMP-2-old" is the news variant there). */
  officialCodeName: string;
  output: TaskOutput;
  /** Fields every profile item must have besides `id` (LAMP.md 2.3); `date` is optional everywhere. */
  profileFields: readonly string[];
  /** How the task's input text starts in the LaMP files; used to recognise a file's task. */
  inputStart: string;
  makeQuery: QueryMaker;
  makeCorpusText: CorpusMaker;
};

export const LAMP_TASKS: Readonly<Record<TaskKey, LampTaskSpec>> = {
  "LaMP-1": {
    key: "LaMP-1",
    title: "Personalized Citation Identification",
    fileTaskName: "LaMP_1",
    officialCodeName: "LaMP-1",
    output: { kind: "label", labels: LAMP1_LABELS },
    profileFields: ["title", "abstract"],
    inputStart: "For an author who has written the paper with the title",
    makeQuery: citationQuery,
    makeCorpusText: corpusFields("title", "abstract"),
  },
  "LaMP-2": {
    key: "LaMP-2",
    title: "Personalized Movie Tagging",
    fileTaskName: "LaMP_2",
    officialCodeName: "LaMP-2",
    output: { kind: "label", labels: LAMP2_MOVIE_LABELS },
    profileFields: ["description", "tag"],
    inputStart: "Which tag does this movie relate to",
    makeQuery: queryAfter("description:"),
    makeCorpusText: corpusFields("description"),
  },
  "LaMP-2N": {
    key: "LaMP-2N",
    title: "Personalized News Categorization",
    fileTaskName: "LaMP_2",
    officialCodeName: "LaMP-2-old",
    output: { kind: "label", labels: LAMP2_NEWS_LABELS },
    profileFields: ["title", "text", "category"],
    inputStart: "Which category does this article relate to",
    makeQuery: queryAfter("article:"),
    makeCorpusText: corpusFields("title", "text"),
  },
  "LaMP-3": {
    key: "LaMP-3",
    title: "Personalized Product Rating",
    fileTaskName: "LaMP_3",
    officialCodeName: "LaMP-3",
    output: { kind: "rating", min: 1, max: 5 },
    profileFields: ["text", "score"],
    inputStart: "What is the score of the following review",
    makeQuery: queryAfter("review:"),
    makeCorpusText: corpusFields("text"),
  },
  "LaMP-4": {
    key: "LaMP-4",
    title: "Personalized News Headline Generation",
    fileTaskName: "LaMP_4",
    officialCodeName: "LaMP-4",
    output: { kind: "text" },
    profileFields: ["title", "text"],
    inputStart: "Generate a headline for the following article",
    makeQuery: queryAfter("article:"),
    makeCorpusText: corpusFields("title", "text"),
  },
  "LaMP-5": {
    key: "LaMP-5",
    title: "Personalized Scholarly Title Generation",
    fileTaskName: "LaMP_5",
    officialCodeName: "LaMP-5",
    output: { kind: "text" },
    profileFields: ["title", "abstract"],
    inputStart: "Generate a title for the following abstract of a paper",
    makeQuery: queryAfter("paper:"),
    makeCorpusText: corpusFields("title", "abstract"),
  },
  "LaMP-6": {
    key: "LaMP-6",
    title: "Personalized Email Subject Generation",
    fileTaskName: "LaMP_6",
    officialCodeName: "LaMP-6",
    output: { kind: "text" },
    profileFields: ["title", "text"],
    inputStart: "Generate a subject for the following email",
    makeQuery: queryAfter(":"),
    makeCorpusText: corpusFields("text"),
  },
  "LaMP-7": {
    key: "LaMP-7",
    title: "Personalized Tweet Paraphrasing",
    fileTaskName: "LaMP_7",
    officialCodeName: "LaMP-7",
    output: { kind: "text" },
    profileFields: ["text"],
    inputStart: "Paraphrase the following tweet",
    makeQuery: queryAfter(":"),
    makeCorpusText: corpusFields("text"),
  },
};

export function isTaskKey(s: string): s is TaskKey {
  return (TASK_KEYS as readonly string[]).includes(s);
}

export function getTask(key: TaskKey): LampTaskSpec {
  return LAMP_TASKS[key];
}

/** The retrieval query of an example (official query maker); throws when the input lacks its marker. */
export function makeQuery(task: TaskKey, input: string): string {
  return LAMP_TASKS[task].makeQuery(input);
}

/** One retrieval document per profile item, in profile order (official corpus maker). */
export function makeCorpus(task: TaskKey, profile: readonly ProfileItem[]): string[] {
  const toText = LAMP_TASKS[task].makeCorpusText;
  return profile.map((item) => toText(item));
}

/**
 * Accepts the spellings found in files, scripts and papers: "LaMP_4", "LaMP-4", "lamp4",
 * "LaMP-2N" / "LaMP_2N" / "LaMP-2-old" (news), "LaMP-2M" (movies, OPPU's name).
 * "LaMP_2" alone means the current movie task; use detectLamp2Variant on data to tell them apart.
 */
export function parseTaskName(s: string): TaskKey {
  const m = /^lamp[-_ ]?([1-7])(n|m|-old)?$/i.exec(s.trim());
  if (m) {
    const variant = m[2]?.toLowerCase();
    if (variant === undefined) return `LaMP-${m[1]}` as TaskKey;
    if (m[1] === "2") return variant === "m" ? "LaMP-2" : "LaMP-2N";
  }
  throw new LampFormatError(
    `Unknown LaMP task "${s}". Expected one of ${TASK_KEYS.join(", ")} (or the file form LaMP_1 .. LaMP_7).`,
  );
}

function hasField(profile: readonly ProfileItem[], field: string): boolean {
  return profile.length > 0 && typeof profile[0] === "object" && profile[0] !== null && field in profile[0];
}

/**
 * Both LaMP-2 variants write "LaMP_2" in their outputs files. The news input ends with
 * "article: ..." and its items carry "category"; the movie input has "description: ..." and items
 * carry "tag". Returns null when the example shows neither.
 */
export function detectLamp2Variant(example: LampExampleLike): "LaMP-2" | "LaMP-2N" | null {
  const input = example.input.toLowerCase();
  const newsInput = input.startsWith(LAMP_TASKS["LaMP-2N"].inputStart.toLowerCase()) || input.includes("article:");
  const movieInput = input.startsWith(LAMP_TASKS["LaMP-2"].inputStart.toLowerCase()) || input.includes("description:");
  if (newsInput !== movieInput) return newsInput ? "LaMP-2N" : "LaMP-2";
  const newsProfile = hasField(example.profile, "category");
  const movieProfile = hasField(example.profile, "tag");
  if (newsProfile !== movieProfile) return newsProfile ? "LaMP-2N" : "LaMP-2";
  return null;
}

/** Recognises a task from one example's input template; null when it matches none. */
export function detectTaskFromExample(example: LampExampleLike): TaskKey | null {
  const input = example.input.trimStart().toLowerCase();
  for (const key of TASK_KEYS) {
    if (input.startsWith(LAMP_TASKS[key].inputStart.toLowerCase())) return key;
  }
  return null;
}
