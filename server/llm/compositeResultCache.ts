/**
 * Cache for results built from several model calls (RPI and think-budget generations). Their first
 * call is cut off by the intervention, so the per-call cache can never replay it; without this a
 * cached rerun would regenerate that call and could take another path. Same table as the response
 * cache, keys in their own namespace; only complete results are stored.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { cacheEntryTableOf } from "../db/cacheEntryTable";
import { stableStringify } from "./responseCache";

export type CompositeEndpointIdentity = { provider: string; baseUrl?: string; modelPath?: string; model: string };

export interface CompositeResultCache {
  get<T>(key: string): Promise<T | null>;
  put(key: string, endpoint: CompositeEndpointIdentity, value: unknown): Promise<void>;
}

export function compositeCacheKey(kind: string, endpoint: CompositeEndpointIdentity, payload: unknown): string {
  const identity = { provider: endpoint.provider, address: endpoint.baseUrl ?? endpoint.modelPath ?? "", model: endpoint.model };
  return createHash("sha256").update(stableStringify({ namespace: "composite", kind, endpoint: identity, payload })).digest("hex");
}

export function createCompositeResultCache(db: Db): CompositeResultCache {
  const table = cacheEntryTableOf(db);
  return {
    async get<T>(key: string): Promise<T | null> {
      const responseJson = await table.find(key);
      if (responseJson === null) return null;
      try {
        const entry = JSON.parse(responseJson) as { composite?: number; value?: T };
        if (entry.composite !== 1 || entry.value === undefined) return null;
        await table.recordHit(key);
        return entry.value;
      } catch {
        return null;
      }
    },
    async put(key, endpoint, value) {
      const responseJson = JSON.stringify({ composite: 1, value });
      await table.upsert({ key, endpoint: endpoint.baseUrl ?? endpoint.modelPath ?? endpoint.provider, model: endpoint.model, responseJson });
    },
  };
}
