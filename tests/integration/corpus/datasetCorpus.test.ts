/**
 * Issue 11's corpus of bad dataset files: each questions/outputs pair (or folder) is refused by the
 * importer the CLI and the upload share, with a message that names the file and where in it (byte,
 * record, field), and every table's row count stays as it was.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserInputError } from "../../../server/errors";
import { importDataset, importDatasetFromDirectory, type ImportOptions } from "../../../server/lamp/importDataset";
import { newTally, printTally, tableCounts } from "../../support/tableCounts";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let temp: TempDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataset-corpus-"));
let counter = 0;

beforeAll(() => {
  temp = createTempDatabase();
});
afterAll(async () => {
  await temp.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tweet = (i: number) => ({
  id: String(i),
  input: `Paraphrase the following tweet without any explanation before or after it: tweet ${i}`,
  profile: [{ id: `${i}0`, text: `old tweet ${i}` }],
});
const TWEETS = [tweet(0), tweet(1), tweet(2)];
const TWEET_GOLDS = { task: "LaMP_7", golds: TWEETS.map((q) => ({ id: q.id, output: `gold ${q.id}` })) };
const NEWS = [{ id: "n1", input: "Which category does this article relate to among the following categories? ... article: x", profile: [{ id: "10", title: "t", text: "x", category: "women" }] }];
const REVIEWS = [{ id: "r1", input: "What is the score of the following review on a scale of 1 to 5? just answer with 1, 2, 3, 4, or 5 without further explanation. review: ok", profile: [{ id: "1", text: "good", score: "4" }] }];

/** Writes a file of the case (text, bytes, or a value as JSON) and returns its path. */
function file(content: unknown): string {
  const p = path.join(dir, `f${counter++}.json`);
  if (typeof content === "string" || Buffer.isBuffer(content)) fs.writeFileSync(p, content);
  else fs.writeFileSync(p, JSON.stringify(content));
  return p;
}
function symlinkLoop(): string {
  const a = path.join(dir, `loop${counter++}`);
  const b = `${a}-b`;
  fs.symlinkSync(b, a);
  fs.symlinkSync(a, b);
  return a;
}
function folder(files: Record<string, unknown>): string {
  const d = path.join(dir, `dir${counter++}`);
  fs.mkdirSync(d);
  for (const [name, content] of Object.entries(files)) {
    if (content === "LOOP") {
      fs.symlinkSync(path.join(d, `${name}.b`), path.join(d, name));
      fs.symlinkSync(path.join(d, name), path.join(d, `${name}.b`));
    } else if (content === "DIR") fs.mkdirSync(path.join(d, name));
    else fs.writeFileSync(path.join(d, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return d;
}
/** The tweets' JSON text with `bytes` spliced in right after `marker`. */
function withBytes(marker: string, bytes: number[]): Buffer {
  const text = Buffer.from(JSON.stringify(TWEETS));
  const at = text.indexOf(marker) + Buffer.byteLength(marker);
  return Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at)]);
}
const byteAfter = (marker: string) => Buffer.from(JSON.stringify(TWEETS)).indexOf(marker) + Buffer.byteLength(marker);
const deepText = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

type Case = { name: string; run: () => Promise<unknown>; error: RegExp };

const opts = (over: Partial<ImportOptions>): ImportOptions => ({ name: `corpus ${counter++}`, split: "dev", source: "import", questionsPath: file(TWEETS), ...over });
const importing = (over: Partial<ImportOptions>) => () => importDataset(temp.db, opts(over));
const questions = (content: unknown) => importing({ questionsPath: file(content) });
const outputs = (content: unknown, over: Partial<ImportOptions> = {}) => importing({ outputsPath: file(content), ...over });
const record = (change: (r: any) => void) => questions(TWEETS.map((q, i) => (i === 1 ? (() => { const r: any = structuredClone(q); change(r); return r; })() : q)));

const CASES: Case[] = [
  { name: "no questions file", run: importing({ questionsPath: path.join(os.tmpdir(), "nowhere", "q.json") }), error: /The questions file .*nowhere.*q\.json does not exist/ },
  { name: "questions path is a directory", run: () => importDataset(temp.db, opts({ questionsPath: dir })), error: new RegExp(`The questions file ${dir} is a directory, not a file`) },
  { name: "questions symlink loop", run: () => importDataset(temp.db, opts({ questionsPath: symlinkLoop() })), error: /The questions file \S+loop\d+ is a symbolic link that loops/ },
  { name: "outputs path is a directory", run: () => importDataset(temp.db, opts({ outputsPath: dir })), error: new RegExp(`The outputs file ${dir} is a directory, not a file`) },
  { name: "outputs symlink loop", run: () => importDataset(temp.db, opts({ outputsPath: symlinkLoop() })), error: /The outputs file \S+loop\d+ is a symbolic link that loops/ },
  { name: "outputs link to nothing", run: () => { const p = path.join(dir, `dangling${counter++}`); fs.symlinkSync(path.join(dir, "missing-target"), p); return importDataset(temp.db, opts({ outputsPath: p })); }, error: /The outputs file \S+dangling\d+ does not exist/ },
  { name: "folder whose outputs file is a symlink loop (was: 0 golds, no warning)", run: () => importDatasetFromDirectory(temp.db, folder({ "dev_questions.json": TWEETS, "dev_outputs.json": "LOOP" }), { name: `corpus ${counter++}`, split: "dev", source: "import" }), error: /The outputs file \S+dev_outputs\.json is a symbolic link that loops/ },
  { name: "folder whose outputs file is a directory", run: () => importDatasetFromDirectory(temp.db, folder({ "dev_questions.json": TWEETS, "dev_outputs.json": "DIR" }), { name: `corpus ${counter++}`, split: "dev", source: "import" }), error: /The outputs file \S+dev_outputs\.json is a directory/ },
  { name: "empty questions file", run: questions(""), error: /malformed JSON at byte 0: no JSON array found/ },
  { name: "questions file of whitespace", run: questions(" \n\t "), error: /no JSON array found/ },
  { name: "an object, not an array", run: questions({ id: "1" }), error: /malformed JSON at byte 0: expected '\[' \(a JSON array of records\), found '\{'/ },
  { name: "file cut off", run: questions(JSON.stringify(TWEETS).slice(0, -10)), error: /unexpected end of file inside element 2/ },
  { name: "trailing comma", run: questions(JSON.stringify(TWEETS).replace(/\]$/, ",]")), error: /trailing ',' before '\]'/ },
  { name: "text after the array", run: questions(`${JSON.stringify(TWEETS)} x`), error: /unexpected 'x' after the closing '\]'/ },
  { name: "malformed record", run: questions(JSON.stringify(TWEETS).replace('"input"', "input")), error: /malformed JSON at byte \d+ \(element 0\)/ },
  { name: "invalid UTF-8 (0xff) in a record", run: questions(withBytes("tweet 1", [0xff])), error: new RegExp(`invalid UTF-8 at byte ${byteAfter("tweet 1")} \\(element 1\\): byte 0xff cannot start a UTF-8 character`) },
  { name: "overlong UTF-8 (0xc0 0xaf)", run: questions(withBytes("tweet 2", [0xc0, 0xaf])), error: new RegExp(`invalid UTF-8 at byte ${byteAfter("tweet 2")} \\(element 2\\)`) },
  { name: "a UTF-8 character cut short", run: questions(withBytes("old tweet 0", [0xe2, 0x82])), error: new RegExp(`invalid UTF-8 at byte ${byteAfter("old tweet 0") + 2} \\(element 0\\): byte 0x22 does not continue the UTF-8 character started by 0xe2`) },
  { name: "UTF-8 surrogate (0xed 0xa0 0x80)", run: questions(withBytes("tweet 0", [0xed, 0xa0, 0x80])), error: /invalid UTF-8 at byte \d+ \(element 0\): byte 0xa0 does not continue/ },
  { name: "invalid UTF-8 in the outputs file", run: () => importDataset(temp.db, opts({ outputsPath: file(Buffer.concat([Buffer.from('{"task":"LaMP_7","golds":[{"id":"0","output":"a'), Buffer.from([0xfe]), Buffer.from('"}]}')])) })), error: new RegExp(`f\\d+\\.json: invalid UTF-8 at byte ${'{"task":"LaMP_7","golds":[{"id":"0","output":"a'.length}: byte 0xfe cannot start a UTF-8 character`) },
  { name: "broken byte order mark", run: questions(Buffer.concat([Buffer.from([0xef, 0xbb, 0x00]), Buffer.from(JSON.stringify(TWEETS))])), error: /broken UTF-8 byte order mark \(byte 0x00\)/ },
  { name: "a record that is a string", run: questions(["x"]), error: /record 0 must be an object \{"id", "input", "profile"\}, found a string "x"/ },
  { name: "a record without id", run: record((r) => delete r.id), error: /record 1 has no "id"/ },
  { name: "a numeric id", run: record((r) => (r.id = 7)), error: /record 1: "id" must be a string, found number 7/ },
  { name: "no input", run: record((r) => delete r.input), error: /record 1 \(id "1"\): "input" must be a string, found nothing/ },
  { name: "profile not an array", run: record((r) => (r.profile = {})), error: /record 1 \(id "1"\): "profile" must be an array, found an object/ },
  { name: "a profile item that is a number", run: record((r) => (r.profile = [5])), error: /profile\[0\] must be an object, found number 5/ },
  { name: "a profile item without id", run: record((r) => delete r.profile[0].id), error: /record 1 \(id "1"\): profile\[0\] has no "id"/ },
  { name: "a profile item without the task's field", run: record((r) => delete r.profile[0].text), error: /record 1 \(id "1"\): profile\[0\] \(id "10"\) has no "text" \(LaMP-7 profile items need id, text\)/ },
  { name: "user_id an object", run: record((r) => (r.user_id = {})), error: /"user_id" must be a string or a number, found an object/ },
  { name: "a question id twice", run: questions([...TWEETS, tweet(1)]), error: /record 3 \(id "1"\): the id repeats record 1/ },
  { name: "100,000-level nesting (was: Maximum call stack size exceeded)", run: questions(JSON.stringify(TWEETS).replace('"old tweet 1"', `"x","extra":${deepText(100_000)}`)), error: /record 1 \(id "1"\): nested deeper than 32 levels at profile\[0\]\.extra(\[0\])+\.\.\. \(32 levels down\)/ },
  { name: "NUL in an input", run: record((r) => (r.input += "\u0000")), error: /record 1 \(id "1"\): input contains a NUL character \(U\+0000\) at character \d+/ },
  { name: "NUL in a profile field", run: record((r) => (r.profile[0].text = "ab\u0000")), error: /record 1 \(id "1"\): profile\[0\]\.text contains a NUL character \(U\+0000\) at character 2/ },
  { name: "NUL in an id", run: record((r) => (r.id = "1\u0000")), error: /record 1 \(id "1\\u0000"\): id contains a NUL character/ },
  { name: "NUL in a key", run: record((r) => (r.profile[0]["te\u0000xt"] = "x")), error: /profile\[0\]\["te\\u0000xt"\] has a key with a NUL character/ },
  { name: "NUL in a gold", run: outputs({ task: "LaMP_7", golds: [{ id: "0", output: "g\u0000" }] }), error: /f\d+\.json: golds\[0\]\.output contains a NUL character/ },
  { name: "outputs not an object", run: outputs([]), error: /must be an object \{"task", "golds"\}, found an array/ },
  { name: "outputs of an unknown task", run: outputs({ task: "LaMP_9", golds: [] }), error: /"task" is "LaMP_9", not a LaMP task name/ },
  { name: "outputs of another task", run: outputs({ task: "LaMP_4", golds: [] }, { task: "LaMP-7" }), error: /"task" is "LaMP_4" but the import is for LaMP-7/ },
  { name: "golds not an array", run: outputs({ task: "LaMP_7", golds: "all" }), error: /"golds" must be an array, found a string "all"/ },
  { name: "a gold output that is a number", run: outputs({ task: "LaMP_7", golds: [{ id: "0", output: 5 }] }), error: /golds\[0\] \(id "0"\): "output" must be a string, found number 5/ },
  { name: "a gold id twice", run: outputs({ task: "LaMP_7", golds: [{ id: "0", output: "a" }, { id: "0", output: "b" }] }), error: /golds\[1\] \(id "0"\): the id repeats golds\[0\]/ },
  { name: "a gold for no question", run: outputs({ ...TWEET_GOLDS, golds: [...TWEET_GOLDS.golds, { id: "99", output: "x" }] }), error: /1 gold id\(s\) are not in f\d+\.json: "99"/ },
  { name: "a gold outside the label set", run: () => importDataset(temp.db, opts({ questionsPath: file(NEWS), outputsPath: file({ task: "LaMP_2", golds: [{ id: "n1", output: "comedy" }] }) })), error: /golds\[0\] \(id "n1"\): output "comedy" is not a LaMP-2N label/ },
  { name: "a rating of 7", run: () => importDataset(temp.db, opts({ questionsPath: file(REVIEWS), outputsPath: file({ task: "LaMP_3", golds: [{ id: "r1", output: "7" }] }) })), error: /output "7" is not a rating from 1 to 5/ },
  { name: "a task nothing tells", run: questions([{ id: "1", input: "Tell me a joke", profile: [] }]), error: /cannot tell the task from record 0 \(id "1"\)/ },
  { name: "malformed outputs JSON", run: outputs('{"task": "LaMP_7", golds: []}'), error: /f\d+\.json: malformed JSON: / },
  { name: "100,000-level nesting in the outputs file", run: outputs(`{"task":"LaMP_7","golds":[{"id":"0","output":${deepText(100_000)}}]}`), error: /f\d+\.json: nested deeper than 32 levels at golds\[0\]\.output(\[0\])+/ },
  { name: "an empty array", run: questions([]), error: /f\d+\.json holds no questions/ },
  { name: "an empty name", run: importing({ name: " " }), error: /A dataset needs a name\./ },
  { name: "NUL in the name", run: importing({ name: "tweets\u0000" }), error: /The dataset name contains a NUL character/ },
  { name: "a name already taken", run: importing({ name: "taken" }), error: /A dataset named "taken" already exists; choose another name\./ },
];

describe("the bad-dataset corpus", () => {
  it(`refuses each of ${CASES.length} bad dataset files with a located error and leaves every table as it was`, { timeout: 120_000 }, async () => {
    await importDataset(temp.db, { name: "taken", split: "dev", source: "import", questionsPath: file(TWEETS) });
    const tally = newTally();
    const misses: string[] = [];
    for (const c of CASES) {
      tally.tried += 1;
      const before = await tableCounts(temp.db);
      let message = "(imported)";
      let clear = false;
      try {
        await c.run();
      } catch (err) {
        message = err instanceof Error ? err.message : String(err);
        clear = err instanceof UserInputError && c.error.test(message) && !/EISDIR|ELOOP|ENOENT|Maximum call stack/.test(message);
      }
      const unchanged = JSON.stringify(await tableCounts(temp.db)) === JSON.stringify(before);
      if (clear) tally.clearError += 1;
      if (unchanged) tally.unchanged += 1;
      if (!clear || !unchanged) misses.push(`${c.name}: ${clear ? "" : JSON.stringify(message.slice(0, 300))}${unchanged ? "" : " (database changed)"}`);
    }
    printTally("dataset files", tally);
    expect(misses).toEqual([]);
    expect(tally.tried).toBeGreaterThanOrEqual(40);
  });
});
