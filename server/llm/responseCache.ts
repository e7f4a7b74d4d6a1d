/**
 * LLM response cache in the database (LlmCacheEntry). The key is a sha256 of what determines the
 * answer: endpoint address (base URL or model file), model, operation, messages, sampling params,
 * sample index and, for continuations, the assistant prefix. Keys and headers never enter it, so the
 * table holds no secret. Only successful, complete results are stored (never errors, never aborted
 * generations).
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import type { Db } from "../db/client";
import { cacheEntryTableOf, type CacheEntryTable } from "../db/cacheEntryTable";
import { tryParseJsonAs } from "../safeJson";
import { redactUrl } from "../urlCredentials";
import { llmDeltaSchema, storedLlmResultSchema } from "./llmResultSchema";
import type { ChatMessage, EndpointConfig, GenerationParams, LlmDeltaEvent, LlmResult } from "./types";

export type CachedOperation = "chat" | "continue";

export interface CacheKeyInput {
  endpoint: Pick<EndpointConfig, "provider" | "baseUrl" | "modelPath" | "model">;
  operation: CachedOperation;
  messages: ReadonlyArray<ChatMessage>;
  params: GenerationParams;
  sampleIndex?: number;
  assistantPrefix?: string;
}

/** JSON with sorted keys and no undefined fields, so equal requests hash equally. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

/** Where the model lives, without credentials a URL might carry. */
export function endpointAddress(endpoint: Pick<EndpointConfig, "provider" | "baseUrl" | "modelPath">): string {
  if (endpoint.provider === "local-gguf") return `gguf:${path.resolve(endpoint.modelPath ?? "")}`;
  return redactUrl((endpoint.baseUrl ?? "").replace(/\/+$/, ""));
}

export function llmCacheKey(input: CacheKeyInput): string {
  const material = stableStringify({
    v: 1,
    address: endpointAddress(input.endpoint),
    model: input.endpoint.model,
    operation: input.operation,
    messages: input.messages.map((m) => ({ role: m.role, content: m.content })),
    params: input.params,
    sampleIndex: input.sampleIndex ?? 0,
    assistantPrefix: input.operation === "continue" ? input.assistantPrefix ?? "" : undefined,
  });
  return createHash("sha256").update(material).digest("hex");
}

type StoredResult = Omit<LlmResult, "cacheHit" | "attempts">;

interface StoredEntry {
  v: 1;
  result: StoredResult;
  /** The stream's deltas, coalesced, so a cached stream replays like the live one. */
  deltas: LlmDeltaEvent[];
}

/** A stored entry as read back; entries written before deltas were kept have none. */
const storedEntrySchema = z.object({ v: z.literal(1), result: storedLlmResultSchema, deltas: z.array(llmDeltaSchema).optional() });

export interface CachedResponse {
  result: LlmResult;
  deltas: LlmDeltaEvent[];
}

/** Deltas for a result that was produced without streaming. */
export function deltasOfResult(result: Pick<LlmResult, "reasoning" | "answer">): LlmDeltaEvent[] {
  const deltas: LlmDeltaEvent[] = [];
  if (result.reasoning) deltas.push({ type: "reasoning", text: result.reasoning });
  if (result.answer) deltas.push({ type: "content", text: result.answer });
  return deltas;
}

export class LlmResponseCache {
  private readonly table: CacheEntryTable;

  constructor(db: Db) {
    this.table = cacheEntryTableOf(db);
  }

  async get(key: string): Promise<CachedResponse | null> {
    const started = performance.now();
    const responseJson = await this.table.find(key);
    if (responseJson === null) return null;
    // A damaged row is a miss; the fresh answer overwrites it.
    const read = tryParseJsonAs(responseJson, storedEntrySchema, `LlmCacheEntry ${key}.responseJson`);
    if (!read.ok) return null;
    const entry = read.value;
    await this.table.recordHit(key);
    return {
      result: { ...entry.result, cacheHit: true, attempts: 0, latencyMs: Math.round(performance.now() - started) },
      deltas: entry.deltas ?? deltasOfResult(entry.result),
    };
  }

  /** Stores a complete, successful result; partial (aborted) generations are refused. */
  async put(
    key: string,
    endpoint: Pick<EndpointConfig, "provider" | "baseUrl" | "modelPath" | "model">,
    result: LlmResult,
    deltas: LlmDeltaEvent[],
  ): Promise<boolean> {
    if (result.finishReason === "abort") return false;
    const { cacheHit: _cacheHit, attempts: _attempts, ...stored } = result;
    const entry: StoredEntry = { v: 1, result: stored, deltas };
    const responseJson = JSON.stringify(entry);
    await this.table.upsert({ key, endpoint: endpointAddress(endpoint), model: endpoint.model, responseJson });
    return true;
  }
}
