// LaMP files are UTF-8. Node's decoder silently turns a bad byte into U+FFFD, so a damaged file would
// import with altered text; the readers check the bytes first and refuse, naming the byte.
import { isUtf8 } from "node:buffer";

export type Utf8Problem = { offset: number; reason: string };

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, "0")}`;
}

/**
 * Where `bytes` stop being valid UTF-8 (offset within `bytes`), or null when they are valid. The
 * native check answers first; the byte-by-byte walk only runs to locate a problem.
 */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Problem | null {
  if (isUtf8(bytes)) return null;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the allowed range of the first one
    // (which rules out overlong forms, surrogates and code points above U+10FFFF).
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else {
      return { offset: i, reason: `byte ${hex(b)} cannot start a UTF-8 character` };
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return { offset: i, reason: `the UTF-8 character starting with byte ${hex(b)} is cut off` };
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c < min || c > max) return { offset: i + k, reason: `byte ${hex(c)} does not continue the UTF-8 character started by ${hex(b)}` };
    }
    i += need + 1;
  }
  // isUtf8 and this walk follow the same rules; reaching here would mean they disagree.
  return { offset: bytes.length, reason: "not valid UTF-8" };
}
