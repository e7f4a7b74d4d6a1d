/**
 * Which endpoint each node of a graph calls: a model endpoint (the `endpoint` parameter every
 * model-calling node has) or an embeddings endpoint (the retrieve node's `embeddingEndpoint`, used
 * only by dense retrieval). validateGraph checks these names; a run pins them (runs/endpointPins.ts).
 */
export type EndpointRequest = { nodeId: string; role: "model" | "embeddings"; endpoint: string; param: "endpoint" | "embeddingEndpoint" };

/** The endpoint names a studio can call: a node asking for one of these works. */
export type EndpointNames = { models: readonly string[]; embeddings: readonly string[] };

export function endpointRequestsOf(nodes: Iterable<{ id: string; resolvedParams: unknown }>): EndpointRequest[] {
  const requests: EndpointRequest[] = [];
  for (const node of nodes) {
    const params = (node.resolvedParams ?? {}) as { endpoint?: unknown; method?: unknown; embeddingEndpoint?: unknown };
    if (typeof params.endpoint === "string") requests.push({ nodeId: node.id, role: "model", endpoint: params.endpoint, param: "endpoint" });
    if (params.method === "dense" && typeof params.embeddingEndpoint === "string") {
      requests.push({ nodeId: node.id, role: "embeddings", endpoint: params.embeddingEndpoint, param: "embeddingEndpoint" });
    }
  }
  return requests;
}
