// The official query and corpus makers (LaMP/prompts/prompts.py `*_query_corpus_maker`): what text
// of the input is the retrieval query, and what text of each profile item is its document.
import { LampFormatError } from "./lampFormatError";
import { fieldText, type ProfileItem } from "./profileItem";
import { extractAfter, extractStringsBetweenQuotes } from "./pythonText";

export type QueryMaker = (input: string) => string;
export type CorpusMaker = (item: ProfileItem) => string;

/** LaMP-1: the two candidate reference titles; quoted string [0] is the author's own paper. */
export const citationQuery: QueryMaker = (input) => {
  const quoted = extractStringsBetweenQuotes(input);
  if (quoted.length < 3) {
    throw new LampFormatError(
      `LaMP-1 input has ${quoted.length} quoted string(s); expected 3 (the paper title, reference [1], reference [2])`,
    );
  }
  return `${quoted[1]} ${quoted[2]}`;
};

/** The official helpers return None when the marker is missing and BM25 then fails on None.split(). */
export function queryAfter(marker: string): QueryMaker {
  return (input) => {
    const query = extractAfter(input, marker);
    if (query === null) throw new LampFormatError(`input has no "${marker}"; the query is the text after it`);
    return query;
  };
}

export function corpusFields(...fields: string[]): CorpusMaker {
  return (item) => fields.map((f) => fieldText(item, f)).join(" ");
}
