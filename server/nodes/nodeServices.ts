import type { DenseConfig } from "../retrieval/dense";

/**
 * What node executors may use besides their inputs. The run layer wires the real services
 * (server/runs/nodeServicesFactory.ts); keys and endpoints stay on the server.
 */
export type NodeServices = {
  /** Embeddings endpoint for dense retrieval, by configured name ("default" = the run's). */
  embeddings(name: string): DenseConfig;
};
