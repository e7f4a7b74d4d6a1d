import { DomainError } from "../errors";
import type { Db } from "../db/client";
import { createLlmClient, type LlmClient, type LlmClientEvent } from "../llm/llmClient";
import type { EndpointConfig } from "../llm/types";
import { endpointsFromEnv } from "../llm/endpointConfig";
import { createPrismaEmbeddingCache } from "../retrieval/embeddingCache";
import type { NodeServices } from "../pipeline/nodeServices";
import { createCompositeResultCache } from "../llm/compositeResultCache";
import { embeddingsEndpointsOf, type ResolvedEndpoints } from "./endpointPins";

export type ServicesOptions = {
  db: Db;
  /**
   * The endpoints nodes may call, by the names they ask for: a run's pinned endpoints
   * (endpointPins.ts). Without it, every endpoint in `endpoints` (default: STUDIO_LLM_* variables)
   * under its own name, the first also as "default", and the embeddings endpoints of `env`.
   */
  resolved?: ResolvedEndpoints;
  endpoints?: EndpointConfig[];
  useCache: boolean;
  env?: Record<string, string | undefined>;
  onLlmEvent?(event: LlmClientEvent): void;
};

export class MissingEndpointError extends DomainError {
  override name = "MissingEndpointError";
  readonly code = "BAD_REQUEST";
}

/** Every configured endpoint by name, the first one (or the one named "default") also as "default". */
export function resolveAllEndpoints(endpoints: EndpointConfig[], env: Record<string, string | undefined>): ResolvedEndpoints {
  const models = new Map(endpoints.map((e) => [e.name, e]));
  const first = models.get("default") ?? endpoints[0];
  if (first) models.set("default", first);
  return { models, embeddings: new Map(embeddingsEndpointsOf(endpoints, env).map((e) => [e.name, e])) };
}

/**
 * The real services behind node executors: one LLM client per endpoint (shared limiter, retries,
 * response cache in the database) and the embeddings endpoints with their vector cache.
 */
export function createNodeServices(options: ServicesOptions): { services: NodeServices; dispose(): Promise<void> } {
  const env = options.env ?? process.env;
  const resolved = options.resolved ?? resolveAllEndpoints(options.endpoints ?? endpointsFromEnv(env), env);
  const clients = new Map<string, LlmClient>();
  const embeddingCache = createPrismaEmbeddingCache(options.db);
  const known = (names: Iterable<string>) => [...names].join(", ") || "none";

  const services: NodeServices = {
    resultCache: options.useCache ? createCompositeResultCache(options.db) : null,
    llm(name) {
      const endpoint = resolved.models.get(name);
      if (!endpoint) throw new MissingEndpointError(`No model endpoint "${name}" for this run (endpoints: ${known(resolved.models.keys())}).`);
      let client = clients.get(endpoint.name);
      if (!client) {
        client = createLlmClient({ endpoint, db: options.db, cache: options.useCache, onEvent: options.onLlmEvent });
        clients.set(endpoint.name, client);
      }
      return client;
    },
    embeddings(name) {
      const endpoint = resolved.embeddings.get(name);
      if (!endpoint) {
        throw new MissingEndpointError(`No embeddings endpoint "${name}" for this run (embeddings endpoints: ${known(resolved.embeddings.keys())}).`);
      }
      const { name: _name, source: _source, ...dense } = endpoint;
      return { ...dense, cache: embeddingCache };
    },
  };
  return {
    services,
    async dispose() {
      await Promise.all([...clients.values()].map((c) => c.dispose()));
    },
  };
}
