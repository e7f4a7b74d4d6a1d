/**
 * Cache for results built from several model calls (RPI and think-budget generations). Their first
 * call is cut off by the intervention, so the per-call cache can never replay it; without this a
 * cached rerun would regenerate that call and could take another path. Same table as the response
 * cache, keys in their own namespace; only complete results are stored.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
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
  return {
    async get<T>(key: string): Promise<T | null> {
      const row = await db.llmCacheEntry.findUnique({ where: { key } });
      if (!row) return null;
      try {
        const entry = JSON.parse(row.responseJson) as { composite?: number; value?: T };
        if (entry.composite !== 1 || entry.value === undefined) return null;
        await db.llmCacheEntry.update({ where: { key }, data: { hits: { increment: 1 } } });
        return entry.value;
      } catch {
        return null;
      }
    },
    async put(key, endpoint, value) {
      const responseJson = JSON.stringify({ composite: 1, value });
      await db.llmCacheEntry.upsert({
        where: { key },
        create: { key, endpoint: endpoint.baseUrl ?? endpoint.modelPath ?? endpoint.provider, model: endpoint.model, responseJson },
        update: { responseJson },
      });
    },
  };
}
