import type { EndpointPins } from "../runs/endpointPins";
import type { RunConfig } from "../runs/runConfig";

/**
 * What a share link shows of a run: results, dashboards and traces, but not where the studio's
 * models live. Endpoint addresses, model file paths, header names, fingerprints and re-pin diffs
 * are left out of the config, and addresses are cut out of error texts. The names a pipeline uses
 * and the model names stay (a reader needs to know which model answered).
 */
const ADDRESS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]+/gi;
const MODEL_FILE = /(?:[A-Za-z]:)?[^\s"'<>]*\.gguf\b/gi;

export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, "(address hidden)").replace(MODEL_FILE, "(model file hidden)");
}

function pinsForShare(pins: EndpointPins): EndpointPins {
  const models = Object.fromEntries(
    Object.entries(pins.models).map(([key, m]) => [
      key,
      { name: m.name, provider: m.provider, model: m.model, continuation: m.continuation, headerNames: [], hasApiKey: false, maxConcurrency: m.maxConcurrency, fingerprint: "" },
    ]),
  );
  const embeddings = Object.fromEntries(
    Object.entries(pins.embeddings).map(([key, e]) => [key, { name: e.name, source: e.source, baseUrl: "", model: e.model, hasApiKey: false, fingerprint: "" }]),
  );
  return { models, embeddings, nodes: pins.nodes };
}

export function configForShare(config: RunConfig): RunConfig {
  return {
    ...config,
    endpoints: config.endpoints ? pinsForShare(config.endpoints) : config.endpoints,
    endpoint: config.endpoint ? { ...config.endpoint, baseUrl: undefined } : config.endpoint,
    repins: [],
  };
}

/** A run as getRun returns it, for a share link's reader. */
export function runForShare<T extends { config: RunConfig; concurrencyCap: unknown }>(run: T): T {
  return { ...run, config: configForShare(run.config), concurrencyCap: null };
}

/** Items (a list or one item) with their errors cleared of addresses. */
export function itemForShare<T extends { error: string | null }>(item: T): T {
  return item.error ? { ...item, error: withoutAddresses(item.error) } : item;
}
