import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  JsonArraySplitter,
  JsonStreamError,
  streamJsonArrayFile,
  type JsonFileProgress,
} from "../../../server/lamp/jsonArrayStream";

function splitInto(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

function parseChunks(chunks: Buffer[]): unknown[] {
  const splitter = new JsonArraySplitter("t.json");
  const values: unknown[] = [];
  for (const c of chunks) for (const e of splitter.push(c)) values.push(e.value);
  splitter.end();
  return values;
}

// Strings hide brackets, quotes and commas behind escapes; the emoji and "é" are multi-byte, so
// some cuts fall inside a UTF-8 character, inside an escape, or between a backslash and its quote.
const TRICKY =
  ' [ {"a":"x\\\\\\"y]}","n":[1,[2,{"b":"}{[,"}]],"u":"café \u{1F389} \\u00e9"} , "s\\\\" ,-3.5e2 , true,null,[ ] ,{}, "\\"" ]\n';

describe("JsonArraySplitter", () => {
  // JSON.parse of the whole text is the reference: splitting must yield exactly its elements.
  const expected = JSON.parse(TRICKY) as unknown[];
  const bytes = Buffer.from(TRICKY, "utf8");

  it("yields the same elements for every single cut position", () => {
    for (let p = 0; p <= bytes.length; p++) expect(parseChunks(splitInto(bytes, [p]))).toEqual(expected);
  });

  it("yields the same elements fed one byte at a time", () => {
    const oneByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(parseChunks(splitInto(bytes, oneByte))).toEqual(expected);
  });

  it("reports each element's index and starting byte", () => {
    const splitter = new JsonArraySplitter("t.json");
    const out = splitter.push(Buffer.from('[ "é", 12 ,{"k":[]}]'));
    splitter.end();
    // '[' 0, ' ' 1, '"é"' starts at 2 and is 4 bytes (é is 2), ',' 6, ' ' 7, '12' at 8, ' ' 10, ',' 11, '{' 12
    expect(out.map((e) => [e.index, e.byteOffset])).toEqual([[0, 2], [1, 8], [2, 12]]);
  });

  it("reports each element's nesting depth and whether it may hold a NUL (a \\u0000 escape), across chunks", () => {
    const bytes = Buffer.from('[1, {"a":[[{}]]}, ["x\\u0000y"], "\\\\u0000"]');
    const splitter = new JsonArraySplitter("t.json");
    const out = splitInto(bytes, [5, 9, 20, 23]).flatMap((chunk) => splitter.push(chunk));
    splitter.end();
    expect(out.map((e) => [e.depth, e.mayHoldNul])).toEqual([[0, false], [4, false], [1, true], [0, true]]);
    // The last one only looks like it: a backslash, then the text u0000 (the reader's walk finds no NUL).
    expect(out[3]!.value).toBe("\\u0000");
  });

  it("refuses bytes that are not UTF-8, naming the byte", () => {
    const splitter = new JsonArraySplitter("t.json");
    expect(() => splitter.push(Buffer.concat([Buffer.from('["ok", "a'), Buffer.from([0xff]), Buffer.from('"]')]))).toThrow(
      "t.json: invalid UTF-8 at byte 9 (element 1): byte 0xff cannot start a UTF-8 character",
    );
  });

  it("accepts an empty array, surrounding whitespace and a UTF-8 byte order mark", () => {
    expect(parseChunks([Buffer.from(" \n[ ]\n")])).toEqual([]);
    expect(parseChunks(splitInto(Buffer.from("\uFEFF[1]"), [1, 2]))).toEqual([1]);
  });

  // Offsets are in bytes from the start of the file, worked out by hand on each text.
  it.each([
    ["[1,]", 3, "trailing ',' before ']'"],
    ["[1 2]", 3, "expected ',' or ']' after element 0, found '2'"],
    ['{"a":1}', 0, "expected '[' (a JSON array of records), found '{'"],
    ['[{"a":1]', 7, "']' closes '{' in element 0"],
    ['[{"a":1}', 8, "unexpected end of file before the closing ']'"],
    // 7 ASCII bytes then the 2 bytes of é: the file ends at byte 9, inside element 0.
    ['[{"a":"é', 9, "unexpected end of file inside element 0 (which starts at byte 1)"],
    ["[1] x", 4, "unexpected 'x' after the closing ']'"],
    ["[,1]", 1, "empty element (',' where element 0 should start)"],
    ["", 0, "no JSON array found (the file is empty or only whitespace)"],
    // '[' '"' é(2 bytes) '"' ',' ']': the ']' is character 5 but byte 6.
    ['["é",]', 6, "trailing ',' before ']'"],
    // Element 1 starts at byte 3; V8 gives no position for this message, so the element's start is used.
    ['[1,{"a":tru}]', 3, "(element 1): Unexpected token '}'"],
    // Element 0 starts at byte 1; V8 reports position 7 inside it (the '}'), so byte 8.
    ['[{"a":1,}]', 8, "(element 0): Expected double-quoted property name in JSON at position 7"],
  ])("%j fails at byte %i", (text, offset, what) => {
    const data = Buffer.from(text, "utf8");
    // The same error wherever the chunks are cut.
    for (let p = 0; p <= data.length; p++) {
      let caught: unknown;
      try {
        parseChunks(splitInto(data, [p]));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(JsonStreamError);
      expect((caught as JsonStreamError).byteOffset).toBe(offset);
      expect((caught as Error).message).toContain(`t.json: malformed JSON at byte ${offset}`);
      expect((caught as Error).message).toContain(what);
    }
  });
});

describe("streamJsonArrayFile", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamp-stream-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("streams a file in small chunks and reports progress in bytes and elements", async () => {
    const records = Array.from({ length: 20 }, (_, i) => ({ id: String(i), input: `q "${i}" \\ é`, profile: [[i]] }));
    const file = path.join(dir, "q.json");
    fs.writeFileSync(file, JSON.stringify(records, null, 1));
    const total = fs.statSync(file).size;
    const progress: JsonFileProgress[] = [];
    const seen: unknown[] = [];
    for await (const e of streamJsonArrayFile(file, { chunkSize: 7, onProgress: (p) => progress.push(p) })) {
      seen.push(e.value);
    }
    expect(seen).toEqual(records);
    expect(progress.length).toBe(Math.ceil(total / 7));
    expect(progress.at(-1)).toEqual({ bytesRead: total, totalBytes: total, elements: 20 });
    expect(progress.every((p, i) => i === 0 || p.bytesRead > progress[i - 1].bytesRead)).toBe(true);
  });

  it("names the file in errors", async () => {
    const file = path.join(dir, "bad_questions.json");
    fs.writeFileSync(file, '[{"id":"1"},\n{"id":"2"');
    const drain = async () => {
      for await (const _ of streamJsonArrayFile(file)) void _;
    };
    await expect(drain()).rejects.toThrow(
      "bad_questions.json: malformed JSON at byte 22: unexpected end of file inside element 1 (which starts at byte 13)",
    );
  });
});
