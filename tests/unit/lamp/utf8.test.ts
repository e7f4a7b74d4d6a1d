import { isUtf8 } from "node:buffer";
import { describe, expect, it } from "vitest";
import { findInvalidUtf8 } from "../../../server/lamp/utf8";

describe("findInvalidUtf8", () => {
  it("accepts valid UTF-8 of every length and names the first bad byte of invalid text", () => {
    expect(findInvalidUtf8(Buffer.from("plain, é, €, 𝄞"))).toBeNull();
    expect(findInvalidUtf8(Buffer.from([0x61, 0xff]))).toEqual({ offset: 1, reason: "byte 0xff cannot start a UTF-8 character" });
    expect(findInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toMatchObject({ offset: 0 });
    expect(findInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toEqual({ offset: 1, reason: "the UTF-8 character starting with byte 0xe2 is cut off" });
    expect(findInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toMatchObject({ offset: 1 });
    expect(findInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toMatchObject({ offset: 1 });
  });

  it("locates the problem of every text Node's validator refuses (random bytes)", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (next() % 12) }, () => (next() % 3 === 0 ? next() % 256 : 0x80 + (next() % 0x75))));
      const problem = findInvalidUtf8(bytes);
      expect(problem === null, bytes.toString("hex")).toBe(isUtf8(bytes));
      // The walk that locates it follows the same rules: it finds a byte, never only "not valid".
      if (problem) expect(problem.offset < bytes.length && problem.reason !== "not valid UTF-8", bytes.toString("hex")).toBe(true);
    }
  });
});
