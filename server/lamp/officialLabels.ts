// Label lists exactly as LaMP's eval/evaluation.py `_get_labels` defines them. The ORDER matters:
// a prediction is scored by its index in this list, and macro-F1 averages over range(len(labels)).

/** LaMP-1 (citation identification). */
export const LAMP1_LABELS: readonly string[] = Object.freeze(["[1]", "[2]"]);

/** LaMP-2 current version (movie tagging), the list evaluation.py uses since commit 3fe9efb (2024-03-20). */
export const LAMP2_MOVIE_LABELS: readonly string[] = Object.freeze([
  "sci-fi",
  "based on a book",
  "comedy",
  "action",
  "twist ending",
  "dystopia",
  "dark comedy",
  "classic",
  "psychology",
  "fantasy",
  "romance",
  "thought-provoking",
  "social commentary",
  "violence",
  "true story",
]);

/** LaMP-2 old version (news categorization, "LaMP-2N"), the list evaluation.py used before 3fe9efb. */
export const LAMP2_NEWS_LABELS: readonly string[] = Object.freeze([
  "food & drink",
  "sports",
  "education",
  "parents",
  "religion",
  "travel",
  "business",
  "crime",
  "science & technology",
  "culture & arts",
  "entertainment",
  "politics",
  "women",
  "style & beauty",
  "healthy living",
]);

/** Which LaMP-2 label list to score against; the official script's current one is "movie". */
export type Lamp2LabelSet = "movie" | "news";

export function lamp2Labels(which: Lamp2LabelSet = "movie"): readonly string[] {
  return which === "news" ? LAMP2_NEWS_LABELS : LAMP2_MOVIE_LABELS;
}
