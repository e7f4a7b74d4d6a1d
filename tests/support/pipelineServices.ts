/**
 * Real node services (LLM clients with limits, retries and the response cache in a temp SQLite
 * database) pointed at the fake OpenAI-compatible server.
 */
import { createNodeServices } from "../../server/runs/nodeServicesFactory";
import type { LlmClientEvent } from "../../server/llm/llmClient";
import type { EndpointConfig } from "../../server/llm/types";
import type { NodeServices } from "../../server/pipeline/nodeServices";
import type { Db } from "../../server/db/client";
import { fakeEndpoint } from "./pipelineFixtures";
import type { EndpointConfigInput } from "../../server/llm/endpointConfig";

export type FakeModelServices = {
  services: NodeServices;
  endpoint: EndpointConfig;
  llmEvents: LlmClientEvent[];
  dispose(): Promise<void>;
};

/** Services whose "default" endpoint is the fake server; env is empty so no real endpoint leaks in. */
export function fakeModelServices(
  db: Db,
  baseUrl: string,
  opts: { useCache?: boolean; endpoint?: Partial<EndpointConfigInput> } = {},
): FakeModelServices {
  const endpoint = fakeEndpoint(baseUrl, opts.endpoint);
  const llmEvents: LlmClientEvent[] = [];
  const wiring = createNodeServices({
    db,
    endpoints: [endpoint],
    useCache: opts.useCache ?? false,
    env: {},
    onLlmEvent: (e) => llmEvents.push(e),
  });
  return { services: wiring.services, endpoint, llmEvents, dispose: () => wiring.dispose() };
}

/** Services with no model endpoint at all (offline pipelines). */
export function offlineServices(db: Db): { services: NodeServices; dispose(): Promise<void> } {
  const wiring = createNodeServices({ db, endpoints: [], useCache: false, env: {} });
  return { services: wiring.services, dispose: () => wiring.dispose() };
}
