// LaMP questions files are one top-level JSON array and can be hundreds of MB (LaMP-3 train), so
// they are split into elements while streaming: memory holds one element plus one chunk.
// The scanner works on bytes: every structural character is ASCII, and UTF-8 never uses ASCII
// bytes inside a multi-byte character, so a chunk may end anywhere, even mid-character.
import fs from "node:fs";
import path from "node:path";
import { LampFormatError } from "./lampFormatError";
import { findInvalidUtf8 } from "./utf8";

export type JsonArrayElement = {
  value: unknown;
  index: number;
  byteOffset: number;
  /** How deep arrays and objects nest in the element (the element's own brackets are level 1). */
  depth: number;
  /** Whether the element's text has a `\u0000` escape: only then can a string in it hold NUL. */
  mayHoldNul: boolean;
};

const NUL_ESCAPE = Buffer.from("\\u0000");

export class JsonStreamError extends LampFormatError {
  override name = "JsonStreamError";
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function isJsonWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function showByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, "0")}`;
}

type Phase = "start" | "firstElement" | "nextElement" | "inElement" | "afterElement" | "done";

/**
 * Push chunks in, get whole elements out. `label` names the source in error messages.
 * Errors carry the absolute byte offset of the offending byte.
 */
export class JsonArraySplitter {
  private phase: Phase = "start";
  private base = 0; // bytes consumed before the current chunk
  private stack: number[] = [];
  private deepest = 0;
  private inString = false;
  private escaped = false;
  private parts: Uint8Array[] = [];
  private elementOffset = 0;
  private count = 0;
  private bomBytes = 0;

  constructor(private readonly label: string) {}

  get elementsSeen(): number {
    return this.count;
  }

  push(chunk: Uint8Array): JsonArrayElement[] {
    const out: JsonArrayElement[] = [];
    const len = chunk.length;
    let i = 0;
    let start = 0; // where the current element begins within this chunk
    while (i < len) {
      const b = chunk[i];
      switch (this.phase) {
        case "start": {
          const at = this.base + i;
          if (at < 3 && this.bomBytes === at && (at > 0 || b === UTF8_BOM[0])) {
            // A UTF-8 byte order mark: the only non-JSON bytes allowed, and only at the very start.
            if (b !== UTF8_BOM[at]) throw this.error(`broken UTF-8 byte order mark (${showByte(b)})`, i);
            this.bomBytes += 1;
            i += 1;
            continue;
          }
          if (isJsonWhitespace(b)) break;
          if (b !== OPEN_ARRAY) throw this.error(`expected '[' (a JSON array of records), found ${showByte(b)}`, i);
          this.phase = "firstElement";
          break;
        }
        case "firstElement":
        case "nextElement": {
          if (isJsonWhitespace(b)) break;
          if (b === CLOSE_ARRAY) {
            if (this.phase === "nextElement") throw this.error("trailing ',' before ']'", i);
            this.phase = "done";
            break;
          }
          if (b === COMMA) throw this.error(`empty element (',' where element ${this.count} should start)`, i);
          this.phase = "inElement";
          start = i;
          this.elementOffset = this.base + i;
          this.parts = [];
          continue; // the same byte opens the element
        }
        case "inElement": {
          if (this.inString) {
            if (this.escaped) {
              this.escaped = false;
              i += 1;
              continue;
            }
            const q = chunk.indexOf(QUOTE, i);
            if (q === -1) {
              this.escaped = trailingBackslashes(chunk, i, len) % 2 === 1;
              i = len;
              continue;
            }
            if (trailingBackslashes(chunk, i, q) % 2 === 1) {
              i = q + 1; // an escaped quote: still inside the string
              continue;
            }
            this.inString = false;
            i = q + 1;
            if (this.stack.length === 0) this.finishElement(chunk, start, i, out);
            continue;
          }
          if (b === QUOTE) {
            this.inString = true;
          } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
            this.stack.push(b);
            if (this.stack.length > this.deepest) this.deepest = this.stack.length;
          } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
            const open = this.stack.pop();
            if (open === undefined) {
              // A scalar element (number, true, ...) ends at the array's closing bracket.
              if (b !== CLOSE_ARRAY) throw this.error(`unexpected '}' after element ${this.count}`, i);
              this.finishElement(chunk, start, i, out);
              continue;
            }
            if ((open === OPEN_ARRAY) !== (b === CLOSE_ARRAY)) {
              throw this.error(`${showByte(b)} closes ${showByte(open)} in element ${this.count}`, i);
            }
            if (this.stack.length === 0) {
              this.finishElement(chunk, start, i + 1, out);
              i += 1;
              continue;
            }
          } else if (this.stack.length === 0 && (b === COMMA || isJsonWhitespace(b))) {
            this.finishElement(chunk, start, i, out);
            continue;
          }
          break;
        }
        case "afterElement": {
          if (isJsonWhitespace(b)) break;
          if (b === COMMA) this.phase = "nextElement";
          else if (b === CLOSE_ARRAY) this.phase = "done";
          else throw this.error(`expected ',' or ']' after element ${this.count - 1}, found ${showByte(b)}`, i);
          break;
        }
        case "done": {
          if (!isJsonWhitespace(b)) throw this.error(`unexpected ${showByte(b)} after the closing ']'`, i);
          break;
        }
      }
      i += 1;
    }
    if (this.phase === "inElement") this.parts.push(chunk.subarray(start, len));
    this.base += len;
    return out;
  }

  /** Call after the last chunk: the array must have been closed. */
  end(): void {
    if (this.phase === "done") return;
    const where =
      this.phase === "start"
        ? "no JSON array found (the file is empty or only whitespace)"
        : this.phase === "inElement"
          ? `unexpected end of file inside element ${this.count} (which starts at byte ${this.elementOffset})`
          : "unexpected end of file before the closing ']'";
    throw new JsonStreamError(`${this.label}: malformed JSON at byte ${this.base}: ${where}`, this.base);
  }

  private finishElement(chunk: Uint8Array, start: number, end: number, out: JsonArrayElement[]): void {
    this.parts.push(chunk.subarray(start, end));
    const joined = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    const bytes = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength);
    this.parts = [];
    const badByte = findInvalidUtf8(bytes);
    if (badByte) {
      const offset = this.elementOffset + badByte.offset;
      throw new JsonStreamError(`${this.label}: invalid UTF-8 at byte ${offset} (element ${this.count}): ${badByte.reason}`, offset);
    }
    const text = bytes.toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const position = /position (\d+)/.exec(message);
      const offset = this.elementOffset + (position ? Buffer.byteLength(text.slice(0, Number(position[1]))) : 0);
      throw new JsonStreamError(
        `${this.label}: malformed JSON at byte ${offset} (element ${this.count}): ${message}`,
        offset,
      );
    }
    out.push({ value, index: this.count, byteOffset: this.elementOffset, depth: this.deepest, mayHoldNul: bytes.includes(NUL_ESCAPE) });
    this.deepest = 0;
    this.count += 1;
    this.phase = "afterElement";
  }

  private error(what: string, indexInChunk: number): JsonStreamError {
    const offset = this.base + indexInChunk;
    return new JsonStreamError(`${this.label}: malformed JSON at byte ${offset}: ${what}`, offset);
  }
}

/** How many backslashes stand right before `end`, not looking before `from`. */
function trailingBackslashes(chunk: Uint8Array, from: number, end: number): number {
  let n = 0;
  for (let j = end - 1; j >= from && chunk[j] === BACKSLASH; j--) n += 1;
  return n;
}

export type JsonFileProgress = { bytesRead: number; totalBytes: number; elements: number };

/**
 * Yields the elements of a file holding one top-level JSON array, one at a time.
 * `onProgress` runs after every chunk read.
 */
export async function* streamJsonArrayFile(
  filePath: string,
  opts: { chunkSize?: number; label?: string; onProgress?(p: JsonFileProgress): void } = {},
): AsyncGenerator<JsonArrayElement> {
  const totalBytes = (await fs.promises.stat(filePath)).size;
  const splitter = new JsonArraySplitter(opts.label ?? path.basename(filePath));
  const stream = fs.createReadStream(filePath, { highWaterMark: opts.chunkSize ?? 1 << 16 });
  let bytesRead = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const elements = splitter.push(chunk);
      opts.onProgress?.({ bytesRead, totalBytes, elements: splitter.elementsSeen });
      for (const element of elements) yield element;
    }
  } finally {
    stream.destroy();
  }
  splitter.end();
}
