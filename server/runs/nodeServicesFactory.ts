import type { Db } from "../db/client";
import { createLlmClient, type LlmClient, type LlmClientEvent } from "../llm/llmClient";
import type { EndpointConfig } from "../llm/types";
import { endpointsFromEnv } from "../llm/endpointConfig";
import type { DenseConfig } from "../retrieval/dense";
import { createPrismaEmbeddingCache } from "../retrieval/embeddingCache";
import type { NodeServices } from "../pipeline/nodeServices";
import { createCompositeResultCache } from "../llm/compositeResultCache";

export type ServicesOptions = {
  db: Db;
  /** Model endpoints by name; the first is "default" unless one is named so. */
  endpoints?: EndpointConfig[];
  useCache: boolean;
  env?: Record<string, string | undefined>;
  onLlmEvent?(event: LlmClientEvent): void;
};

export class MissingEndpointError extends Error {
  override name = "MissingEndpointError";
}

/** Dense retrieval's embeddings endpoint from STUDIO_EMBEDDINGS_* variables (keys stay server-side). */
export function embeddingsFromEnv(env: Record<string, string | undefined>): DenseConfig | null {
  const baseURL = env.STUDIO_EMBEDDINGS_BASE_URL?.trim();
  const model = env.STUDIO_EMBEDDINGS_MODEL?.trim();
  if (!baseURL || !model) return null;
  return { baseURL, model, apiKey: env.STUDIO_EMBEDDINGS_API_KEY?.trim() || undefined };
}

/**
 * The real services behind node executors: one LLM client per endpoint (shared limiter, retries,
 * response cache in the database) and the embeddings endpoint with its vector cache.
 */
export function createNodeServices(options: ServicesOptions): { services: NodeServices; defaultEndpoint: EndpointConfig | null; dispose(): Promise<void> } {
  const env = options.env ?? process.env;
  const endpoints = options.endpoints ?? endpointsFromEnv(env);
  const byName = new Map(endpoints.map((e) => [e.name, e]));
  const defaultEndpoint = byName.get("default") ?? endpoints[0] ?? null;
  const clients = new Map<string, LlmClient>();
  const embeddingCache = createPrismaEmbeddingCache(options.db);

  const services: NodeServices = {
    resultCache: options.useCache ? createCompositeResultCache(options.db) : null,
    llm(name) {
      const endpoint = name === "default" ? defaultEndpoint : byName.get(name);
      if (!endpoint) {
        throw new MissingEndpointError(
          name === "default"
            ? "No model endpoint is configured. Set STUDIO_LLM_BASE_URL and STUDIO_LLM_MODEL (and STUDIO_LLM_API_KEY if the server needs one), or STUDIO_LLM_GGUF_PATH for a local GGUF file."
            : `No model endpoint named "${name}" is configured (known: ${[...byName.keys()].join(", ") || "none"}).`,
        );
      }
      let client = clients.get(endpoint.name);
      if (!client) {
        client = createLlmClient({ endpoint, db: options.db, cache: options.useCache, onEvent: options.onLlmEvent });
        clients.set(endpoint.name, client);
      }
      return client;
    },
    embeddings(name) {
      const config = embeddingsFromEnv(env);
      if (!config) {
        throw new MissingEndpointError(
          `Dense retrieval needs an embeddings endpoint ("${name}"): set STUDIO_EMBEDDINGS_BASE_URL and STUDIO_EMBEDDINGS_MODEL.`,
        );
      }
      return { ...config, cache: embeddingCache };
    },
  };
  return {
    services,
    defaultEndpoint,
    async dispose() {
      await Promise.all([...clients.values()].map((c) => c.dispose()));
    },
  };
}
