import { describe, expect, it } from "vitest";
import {
  buildOfficialPrompt,
  buildOfficialPromptDetailed,
  buildRawInputPrompt,
} from "../../../server/lamp/officialPrompt";
import type { ProfileItem } from "../../../server/lamp/profileItem";
import { getPromptTokenizer } from "../../../server/lamp/promptTokenizers";

// Expected strings below are the f-strings of LaMP/prompts/prompts.py filled in by hand:
// each item becomes its fragment (note the trailing space inside most fragments), fragments are
// joined with ", and ", and the result is placed as the task's create_*_prompt does.
// With tokenizer "none" nothing is cut, which isolates the templates from the budget.
const none = { tokenizer: "none" as const };

describe("official templates (no truncation)", () => {
  it("LaMP-1: quoted titles inserted after the first 'title' of the input", () => {
    const input =
      'For an author who has written the paper with the title "Own", which reference is related? Just answer with [1] or [2] without explanation. [1]: "R1" [2]: "R2"';
    const items = [{ id: "1", title: "T1", abstract: "x" }, { id: "2", title: "T2", abstract: "y" }];
    // add_string_after_title(inp, '"T1", and "T2"') inserts ', and "T1", and "T2"' after "title".
    expect(buildOfficialPrompt("LaMP-1", input, items, none)).toBe(
      'For an author who has written the paper with the title, and "T1", and "T2" "Own", which reference is related? Just answer with [1] or [2] without explanation. [1]: "R1" [2]: "R2"',
    );
  });
  it("LaMP-2: the tag for the movie", () => {
    const items = [{ id: "1", description: "D1", tag: "comedy" }, { id: "2", description: "D2", tag: "classic" }];
    expect(buildOfficialPrompt("LaMP-2", "IN", items, none)).toBe(
      'the tag for the movie: "D1" is "comedy" , and the tag for the movie: "D2" is "classic" . IN',
    );
  });
  it("LaMP-2N: the category for the article (text only, not the title)", () => {
    const items = [{ id: "1", title: "ignored", text: "X", category: "women" }];
    expect(buildOfficialPrompt("LaMP-2N", "IN", items, none)).toBe('the category for the article: "X" is "women" . IN');
  });
  it("LaMP-3: score first", () => {
    const items = [{ id: "1", text: "ok pan", score: "4" }, { id: "2", text: "bad", score: 1 }];
    expect(buildOfficialPrompt("LaMP-3", "IN", items, none)).toBe(
      '4 is the score for "ok pan" , and 1 is the score for "bad" . IN',
    );
  });
  it("LaMP-4 and LaMP-6: is the title for", () => {
    const items = [{ id: "1", title: "H", text: "B" }];
    expect(buildOfficialPrompt("LaMP-4", "IN", items, none)).toBe('"H" is the title for "B" . IN');
    expect(buildOfficialPrompt("LaMP-6", "IN", items, none)).toBe('"H" is the title for "B" . IN');
  });
  it("LaMP-5: is a title for, then 'Following the given patterns'", () => {
    const items = [{ id: "1", title: "T", abstract: "A" }];
    expect(buildOfficialPrompt("LaMP-5", "IN", items, none)).toBe('"T" is a title for "A" . Following the given patterns IN');
  });
  it("LaMP-7: quoted tweets, then 'are written by a person. Following the given patterns'", () => {
    const items = [{ id: "1", text: "t1" }, { id: "2", text: "t2" }];
    expect(buildOfficialPrompt("LaMP-7", "IN", items, none)).toBe(
      '"t1" , and "t2"  are written by a person. Following the given patterns IN',
    );
  });
  it("no items: the bare input, as the official code ends up returning after ZeroDivisionError", () => {
    expect(buildOfficialPrompt("LaMP-4", "IN", [], none)).toBe("IN");
    expect(buildOfficialPrompt("LaMP-4", "IN", [])).toBe("IN");
    expect(buildRawInputPrompt("IN")).toBe("IN");
  });
  it("an item without the template's field is an error, not a silent bare input", () => {
    expect(() => buildOfficialPrompt("LaMP-2", "IN", [{ id: "7", description: "D" }], none)).toThrow(
      'profile item "7": "tag" must be a string or a number, found nothing',
    );
  });
});

const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(" ");

describe("token budget with the whitespace tokenizer", () => {
  it("LaMP-4: per-item budget, overhead, truncation of the text only, saved tokens carried forward", () => {
    // input: 11 words (Generate a headline for the following article: alpha beta gamma delta).
    // max_len_prompt = 40 - min(11, int(0.6*40)=24) = 29; k = 2
    // per_p = (29 - 1 - 2*(2-1)) // 2 = 13
    // item 1: needed = split('"T1" is the title for " " ') = ['"T1"','is','the','title','for','"','"'] = 7
    //   budget 13 + 0 - 7 = 6; text "one two" has 2 words, kept whole; saved = 0 + 13 - 2 - 7 = 4
    // item 2: needed 7; budget 13 + 4 - 7 = 10; text w1..w12 cut to w1..w10; saved = 4 + 13 - 10 - 7 = 0
    const input = "Generate a headline for the following article: alpha beta gamma delta";
    const items: ProfileItem[] = [
      { id: "a", title: "T1", text: "one two" },
      { id: "b", title: "T2", text: words("w", 12) },
    ];
    const result = buildOfficialPromptDetailed("LaMP-4", input, items, { maxLength: 40, tokenizer: "whitespace" });
    expect(result.prompt).toBe(`"T1" is the title for "one two" , and "T2" is the title for "${words("w", 10)}" . ${input}`);
    expect(result.factor).toBe(0.6);
    expect(result.profileBudget).toBe(29);
    expect(result.perItemBudget).toBe(13);
    expect(result.items).toEqual([
      { id: "a", tokensKept: 2, tokensTotal: 2, truncated: false, shown: '"T1" is the title for "one two" ' },
      { id: "b", tokensKept: 10, tokensTotal: 12, truncated: true, shown: `"T2" is the title for "${words("w", 10)}" ` },
    ]);
  });

  it("LaMP-1: titles are cut, overhead is the constant 2, and there is no '- 1'", () => {
    // input below has 28 whitespace words; max_len_prompt = 50 - min(28, int(0.6*50)=30) = 22
    // per_p = (22 - 2*(2-1)) // 2 = 10
    // item 1: budget 10 + 0 - 2 = 8; 3 words kept; saved = 10 - 3 - 2 = 5
    // item 2: budget 10 + 5 - 2 = 13; 20 words cut to 13
    const input =
      'For an author who has written the paper with the title "P", which reference is related? Just answer with [1] or [2] without explanation. [1]: "A" [2]: "B"';
    const items: ProfileItem[] = [
      { id: "1", title: "t1 t2 t3", abstract: "" },
      { id: "2", title: words("u", 20), abstract: "" },
    ];
    const result = buildOfficialPromptDetailed("LaMP-1", input, items, { maxLength: 50 });
    expect(result.profileBudget).toBe(22);
    expect(result.perItemBudget).toBe(10);
    expect(result.prompt).toBe(input.replace("title", `title, and "t1 t2 t3", and "${words("u", 13)}"`));
  });

  it("LaMP-7: reserves the suffix phrase; the 0.6 factor falls by 0.1 while an item budget is negative", () => {
    // input: 15 words; maxLength 20; k = 1
    // reserved = split("are written by user. Following the given patterns") = 8; needed = split('"" ') = 1
    // factor 0.6: max_len_prompt = 20 - min(15, 12) = 8;  per_p = (8 - 1 - 0 - 8) // 1 = -1; budget -2 -> fails
    // factor 0.5: max_len_prompt = 20 - min(15, 10) = 10; per_p = 1; budget 1 - 1 = 0 -> the tweet is cut to nothing
    const input = words("x", 15);
    const result = buildOfficialPromptDetailed("LaMP-7", input, [{ id: "1", text: "a b c" }], { maxLength: 20 });
    expect(result.factor).toBe(0.5);
    expect(result.prompt).toBe(`""  are written by a person. Following the given patterns ${input}`);
  });

  it("keeps Python's float factor sequence down to its 7th try (2.78e-17)", () => {
    // input: 3 words; maxLength 10; LaMP-7, k = 1: per_p = max_len_prompt - 9, budget = per_p - 1
    // int(f*10) for f = 0.6, 0.5, 0.4, 0.30000000000000004, 0.20000000000000004, 0.10000000000000003,
    // 2.7755575615628914e-17 is 6, 5, 4, 3, 2, 1, 0 -> max_len_prompt 7, 7, 7, 7, 8, 9, 10
    // -> budget -3, -3, -3, -3, -2, -1, 0: only the last try fits.
    const result = buildOfficialPromptDetailed("LaMP-7", "a b c", [{ id: "1", text: "t" }], { maxLength: 10 });
    expect(result.factor).toBe(0.6 - 0.1 - 0.1 - 0.1 - 0.1 - 0.1 - 0.1);
    expect(result.factor).toBeCloseTo(2.7755575615628914e-17, 30);
    expect(result.profileIncluded).toBe(true);
  });

  it("returns the bare input when no factor fits", () => {
    // As above with maxLength 9: int(f*9) = 5, 4, 3, 2, 1, 0, 0 -> max_len_prompt 6, 6, 6, 7, 8, 9, 9
    // -> per_p = max_len_prompt - 9 <= 0 and budget = per_p - 1 < 0 on every try.
    const result = buildOfficialPromptDetailed("LaMP-7", "a b c", [{ id: "1", text: "t" }], { maxLength: 9 });
    expect(result).toEqual({
      prompt: "a b c",
      profileIncluded: false,
      factor: null,
      profileBudget: null,
      perItemBudget: null,
      items: [],
    });
  });

  it("decoding normalises whitespace even when nothing is cut (a round trip through the tokenizer)", () => {
    const prompt = buildOfficialPrompt("LaMP-7", "IN", [{ id: "1", text: " a \n b " }]);
    expect(prompt).toBe('"a b"  are written by a person. Following the given patterns IN');
  });

  it("rejects a non-positive maxLength", () => {
    expect(() => buildOfficialPrompt("LaMP-7", "IN", [{ id: "1", text: "a" }], { maxLength: 0 })).toThrow(
      "maxLength must be a positive integer, found 0",
    );
  });
});

describe("BPE tokenizers", () => {
  it.each(["cl100k_base", "o200k_base"] as const)("%s counts and cuts BPE tokens", (name) => {
    const tok = getPromptTokenizer(name);
    // Both encodings have "hello" and " world" as single tokens (cl100k ids 15339, 1917).
    expect(tok.count("hello world")).toBe(2);
    expect(tok.truncate("hello world", 1)).toEqual({ text: "hello", tokens: 1, totalTokens: 2 });
    expect(tok.truncate("hello world", 0)).toEqual({ text: "", tokens: 0, totalTokens: 2 });
    // U+1F389 is 4 UTF-8 bytes that neither encoding has as one token; one token is a partial
    // character, which decodes to the replacement character as byte-level BPE decoders do.
    expect(tok.count("\u{1F389}")).toBeGreaterThan(1);
    expect(tok.truncate("\u{1F389}", 1).text).toBe("\uFFFD");
  });
  it("a BPE tokenizer drives the same prompt builder (ample budget: nothing cut)", () => {
    const detailed = buildOfficialPromptDetailed("LaMP-7", "IN", [{ id: "1", text: "hello world" }], {
      tokenizer: "o200k_base",
    });
    expect(detailed.items).toEqual([{ id: "1", tokensKept: 2, tokensTotal: 2, truncated: false, shown: '"hello world" ' }]);
    expect(detailed.prompt).toBe('"hello world"  are written by a person. Following the given patterns IN');
  });
});
