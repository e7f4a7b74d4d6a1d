/**
 * Cache for results built from several model calls (RPI and think-budget generations). Their first
 * call is cut off by the intervention, so the per-call cache can never replay it; without this a
 * cached rerun would regenerate that call and could take another path. Same table as the response
 * cache, keys in their own namespace; only complete results are stored.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { tryParseJsonAs } from "../safeJson";
import { cacheEntryTableOf } from "../db/cacheEntryTable";
import { endpointAddress, stableStringify } from "./responseCache";
import type { ProviderKind } from "./types";

export type CompositeEndpointIdentity = { provider: ProviderKind; baseUrl?: string; modelPath?: string; model: string };

export interface CompositeResultCache {
  /** The stored value if it fits `schema`; anything else (damaged, another shape) is a miss. */
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | null>;
  put(key: string, endpoint: CompositeEndpointIdentity, value: unknown): Promise<void>;
}

export function compositeCacheKey(kind: string, endpoint: CompositeEndpointIdentity, payload: unknown): string {
  const identity = { provider: endpoint.provider, address: endpoint.baseUrl ?? endpoint.modelPath ?? "", model: endpoint.model };
  return createHash("sha256").update(stableStringify({ namespace: "composite", kind, endpoint: identity, payload })).digest("hex");
}

export function createCompositeResultCache(db: Db): CompositeResultCache {
  const table = cacheEntryTableOf(db);
  return {
    async get<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
      const responseJson = await table.find(key);
      if (responseJson === null) return null;
      const read = tryParseJsonAs(responseJson, z.object({ composite: z.literal(1), value: schema }), `LlmCacheEntry ${key}.responseJson`);
      if (!read.ok) return null;
      await table.recordHit(key);
      return read.value.value;
    },
    async put(key, endpoint, value) {
      const responseJson = JSON.stringify({ composite: 1, value });
      // The row names the endpoint as the response cache does: its address without credentials.
      await table.upsert({ key, endpoint: endpointAddress(endpoint), model: endpoint.model, responseJson });
    },
  };
}
