/**
 * Writes a tiny llama-architecture GGUF file that node-llama-cpp can load and run on CPU, for tests
 * of the local model runtime (no real weights can be shipped or downloaded). It is a word-bigram
 * "model": one block whose attention and feed-forward weights are zero, one-hot embeddings, and an
 * output matrix of bigram log-probabilities, so the next token depends only on the last one.
 * (Layout after docs/STACK.md Appendix A.)
 *
 * Sentences are space-separated words; "</s>" ends generation. Every token without a successor
 * (prompt words the corpus lacks, punctuation, byte tokens) is followed by `startWord`, so any prompt
 * leads into the corpus. With greedy decoding and a corpus whose words each have one successor the
 * output is fully predictable.
 */
import { writeFileSync } from "node:fs";

export interface TinyGgufOptions {
  sentences: string[];
  /** Word that follows every token that has no successor of its own. */
  startWord: string;
  /** Written to general.name. */
  name?: string;
  /** Stored as tokenizer.chat_template when given. */
  chatTemplate?: string;
  contextLength?: number;
}

/** A corpus that "thinks" then answers: unknown -> <think> the profile favours comedy . </think> [comedy] </s>. */
export const THINKING_CORPUS: TinyGgufOptions = {
  name: "tiny-thinking-bigram",
  startWord: "<think>",
  sentences: ["<think> the profile favours comedy . </think> [comedy] </s>", "use past items . </think> [comedy] </s>"],
};

const EOS_WORD = "</s>";

export function buildTinyGguf(options: TinyGgufOptions): Buffer {
  const sentenceWords = options.sentences.map((s) => s.split(/\s+/).filter(Boolean));
  const words = [...new Set(sentenceWords.flat().filter((w) => w !== EOS_WORD))];
  if (!words.includes(options.startWord)) throw new Error(`startWord "${options.startWord}" is not in the sentences.`);

  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (text: string, score: number, type: number) => {
    tokens.push(text);
    scores.push(score);
    types.push(type);
    return tokens.length - 1;
  };
  add("<unk>", 0, 2);
  add("<s>", 0, 3);
  const eosId = add(EOS_WORD, 0, 3);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, 0, 6);
  const idOf = new Map<string, number>();
  const wordId = new Map<string, number>();
  wordId.set(EOS_WORD, eosId);
  for (const word of words) {
    // Every prefix of "▁word" is a token, so the SentencePiece merger can build the word up.
    const chars = [..."\u2581" + word];
    for (let i = 1; i <= chars.length; i++) {
      const piece = chars.slice(0, i).join("");
      if (!idOf.has(piece)) idOf.set(piece, add(piece, -100 + i, 1));
    }
    wordId.set(word, idOf.get("\u2581" + word)!);
  }
  for (const ch of new Set([...words.join("")])) if (!idOf.has(ch)) idOf.set(ch, add(ch, -200, 1));
  const vocabSize = Math.ceil(tokens.length / 64) * 64;
  while (tokens.length < vocabSize) add(`<pad${tokens.length}>`, -1000, 5);

  const counts = new Map<number, Map<number, number>>();
  for (const sentence of sentenceWords) {
    for (let i = 0; i + 1 < sentence.length; i++) {
      const a = wordId.get(sentence[i])!;
      const b = wordId.get(sentence[i + 1])!;
      const row = counts.get(a) ?? new Map<number, number>();
      row.set(b, (row.get(b) ?? 0) + 1);
      counts.set(a, row);
    }
  }

  const nEmbd = vocabSize;
  const nHead = 4;
  const nFf = 32;
  const nCtx = options.contextLength ?? 512;
  // RMS norm scales a one-hot vector by sqrt(nEmbd); dividing here makes the logits the log-probs.
  const sq = Math.sqrt(nEmbd);
  const startId = wordId.get(options.startWord)!;
  const out = new Float32Array(vocabSize * nEmbd).fill(-40 / sq); // row = next token, column = last token
  for (let last = 0; last < vocabSize; last++) {
    const row = counts.get(last);
    if (!row) {
      if (last !== eosId) out[startId * nEmbd + last] = 0;
      continue;
    }
    const total = [...row.values()].reduce((x, y) => x + y, 0);
    for (const [next, count] of row) out[next * nEmbd + last] = Math.log(count / total) / sq;
  }
  const eye = new Float32Array(vocabSize * nEmbd);
  for (let t = 0; t < vocabSize; t++) eye[t * nEmbd + t] = 1;
  const ones = new Float32Array(nEmbd).fill(1);
  const zeros = (n: number) => new Float32Array(n);
  const tensors: Array<[string, number[], Float32Array]> = [
    ["token_embd.weight", [nEmbd, vocabSize], eye],
    ["output_norm.weight", [nEmbd], ones],
    ["output.weight", [nEmbd, vocabSize], out],
    ["blk.0.attn_norm.weight", [nEmbd], ones],
    ["blk.0.attn_q.weight", [nEmbd, nEmbd], zeros(nEmbd * nEmbd)],
    ["blk.0.attn_k.weight", [nEmbd, nEmbd], zeros(nEmbd * nEmbd)],
    ["blk.0.attn_v.weight", [nEmbd, nEmbd], zeros(nEmbd * nEmbd)],
    ["blk.0.attn_output.weight", [nEmbd, nEmbd], zeros(nEmbd * nEmbd)],
    ["blk.0.ffn_norm.weight", [nEmbd], ones],
    ["blk.0.ffn_gate.weight", [nEmbd, nFf], zeros(nEmbd * nFf)],
    ["blk.0.ffn_up.weight", [nEmbd, nFf], zeros(nEmbd * nFf)],
    ["blk.0.ffn_down.weight", [nFf, nEmbd], zeros(nEmbd * nFf)],
  ];

  const chunks: Buffer[] = [];
  let size = 0;
  const push = (b: Buffer) => {
    chunks.push(b);
    size += b.length;
  };
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    push(b);
  };
  const u64 = (v: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    push(b);
  };
  const str = (s: string) => {
    const b = Buffer.from(s, "utf8");
    u64(b.length);
    push(b);
  };
  const T = { U32: 4, I32: 5, F32: 6, BOOL: 7, STR: 8, ARR: 9 } as const;
  type KvValue = number | string | boolean | [number, Array<number | string>];
  const kv: Array<[string, number, KvValue]> = [
    ["general.architecture", T.STR, "llama"],
    ["general.name", T.STR, options.name ?? "tiny-bigram"],
    ["llama.context_length", T.U32, nCtx],
    ["llama.embedding_length", T.U32, nEmbd],
    ["llama.block_count", T.U32, 1],
    ["llama.feed_forward_length", T.U32, nFf],
    ["llama.attention.head_count", T.U32, nHead],
    ["llama.attention.head_count_kv", T.U32, nHead],
    ["llama.rope.dimension_count", T.U32, nEmbd / nHead],
    ["llama.attention.layer_norm_rms_epsilon", T.F32, 1e-6],
    ["tokenizer.ggml.model", T.STR, "llama"],
    ["tokenizer.ggml.tokens", T.ARR, [T.STR, tokens]],
    ["tokenizer.ggml.scores", T.ARR, [T.F32, scores]],
    ["tokenizer.ggml.token_type", T.ARR, [T.I32, types]],
    ["tokenizer.ggml.bos_token_id", T.U32, 1],
    ["tokenizer.ggml.eos_token_id", T.U32, eosId],
    ["tokenizer.ggml.unknown_token_id", T.U32, 0],
    ["tokenizer.ggml.add_bos_token", T.BOOL, true],
    ...(options.chatTemplate ? ([["tokenizer.chat_template", T.STR, options.chatTemplate]] as Array<[string, number, KvValue]>) : []),
  ];
  const value = (type: number, v: KvValue): void => {
    if (type === T.U32) u32(v as number);
    else if (type === T.I32) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v as number);
      push(b);
    } else if (type === T.F32) {
      const b = Buffer.alloc(4);
      b.writeFloatLE(v as number);
      push(b);
    } else if (type === T.STR) str(v as string);
    else if (type === T.BOOL) push(Buffer.from([v ? 1 : 0]));
    else {
      const [elementType, items] = v as [number, Array<number | string>];
      u32(elementType);
      u64(items.length);
      for (const item of items) value(elementType, item);
    }
  };

  push(Buffer.from("GGUF"));
  u32(3);
  u64(tensors.length);
  u64(kv.length);
  for (const [key, type, v] of kv) {
    str(key);
    u32(type);
    value(type, v);
  }
  const ALIGN = 32;
  let offset = 0;
  for (const [name, dims, data] of tensors) {
    str(name);
    u32(dims.length);
    for (const d of dims) u64(d);
    u32(0); // F32
    u64(offset);
    offset = Math.ceil((offset + data.byteLength) / ALIGN) * ALIGN;
  }
  const pad = () => {
    const p = (ALIGN - (size % ALIGN)) % ALIGN;
    if (p) push(Buffer.alloc(p));
  };
  pad();
  for (const [, , data] of tensors) {
    push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    pad();
  }
  return Buffer.concat(chunks);
}

export function writeTinyGguf(filePath: string, options: TinyGgufOptions = THINKING_CORPUS): string {
  writeFileSync(filePath, buildTinyGguf(options));
  return filePath;
}
