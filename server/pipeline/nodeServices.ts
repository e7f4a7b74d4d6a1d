import type { DenseConfig } from "../retrieval/dense";
import type { LlmCaller } from "../llm/types";
import type { CompositeResultCache } from "../llm/compositeResultCache";

/**
 * What node executors may use besides their inputs. The run layer wires the real services
 * (server/runs/nodeServicesFactory.ts); keys and endpoints stay on the server.
 */
export type NodeServices = {
  /** Model client for an endpoint name ("default" = the run's model): limits, retries and cache included. */
  llm(name: string): LlmCaller;
  /** Embeddings endpoint for dense retrieval, by configured name ("default" = the run's). */
  embeddings(name: string): DenseConfig;
  /** Cache of multi-call results (RPI generations); null when the run bypasses the cache. */
  resultCache?: CompositeResultCache | null;
};
