import { createHash } from "node:crypto";
import { z } from "zod";
import { UserInputError } from "../errors";
import { publicEndpointView } from "../llm/endpointConfig";
import { redactUrl } from "../urlCredentials";
import type { EndpointConfig } from "../llm/types";
import { endpointRequestsOf, type EndpointNames, type EndpointRequest } from "../pipeline/endpointRequests";
import type { ValidatedGraph } from "../pipeline/validateGraph";
import type { DenseConfig } from "../retrieval/dense";

/**
 * A run pins the endpoints its nodes call when it is created: for every name a node asks for
 * ("default" included), the endpoint it resolved to, as a key-free view plus a fingerprint of what
 * decides the model's answers. Execution and resume use the pinned endpoints only, and refuse when
 * the saved endpoint of that name no longer matches its fingerprint (unless the user re-pins), so a
 * run's results always come from the model its page names.
 */

/** Fields of a model endpoint that change what the model answers (limits and timeouts do not). */
const MODEL_FINGERPRINT_FIELDS = [
  "provider",
  "baseUrl",
  "model",
  "continuation",
  "rawPromptTemplate",
  "reasoningStartsInside",
  "modelPath",
  "contextSize",
  "headerNames",
] as const;
const EMBEDDINGS_FINGERPRINT_FIELDS = ["baseUrl", "model"] as const;

export const pinnedModelEndpointSchema = z.object({
  /** The endpoint's own name (a node asking for "default" pins the endpoint that was the default). */
  name: z.string(),
  provider: z.enum(["openai-compatible", "local-gguf"]),
  baseUrl: z.string().optional(),
  model: z.string(),
  continuation: z.string(),
  rawPromptTemplate: z.string().optional(),
  reasoningStartsInside: z.boolean().optional(),
  modelPath: z.string().optional(),
  contextSize: z.number().int().optional(),
  headerNames: z.array(z.string()),
  hasApiKey: z.boolean(),
  /** Requests in flight this endpoint allows (caps the run's concurrency; not part of the fingerprint). */
  maxConcurrency: z.number().int(),
  fingerprint: z.string(),
});
export type PinnedModelEndpoint = z.infer<typeof pinnedModelEndpointSchema>;

export const pinnedEmbeddingsEndpointSchema = z.object({
  name: z.string(),
  /** Where the endpoint was configured: STUDIO_EMBEDDINGS_* variables or a saved model endpoint. */
  source: z.enum(["environment", "endpoint"]),
  baseUrl: z.string(),
  model: z.string(),
  hasApiKey: z.boolean(),
  fingerprint: z.string(),
});
export type PinnedEmbeddingsEndpoint = z.infer<typeof pinnedEmbeddingsEndpointSchema>;

export const endpointPinsSchema = z.object({
  /** By the name the nodes ask for. */
  models: z.record(z.string(), pinnedModelEndpointSchema),
  embeddings: z.record(z.string(), pinnedEmbeddingsEndpointSchema),
  /** Node id -> which endpoint it calls (a key of `models` or `embeddings`). */
  nodes: z.record(z.string(), z.object({ role: z.enum(["model", "embeddings"]), endpoint: z.string() })),
});
export type EndpointPins = z.infer<typeof endpointPinsSchema>;

/** An embeddings endpoint as the retrieve node needs it, with its display name. */
export type EmbeddingsEndpoint = Omit<DenseConfig, "cache"> & { name: string; source: PinnedEmbeddingsEndpoint["source"] };

/** The endpoints configured on this server (saved ones over STUDIO_LLM_* ones, and the embeddings). */
export type AvailableEndpoints = { models: EndpointConfig[]; embeddings: EmbeddingsEndpoint[] };

/** The endpoints a run's nodes call, by the names the nodes ask for. */
export type ResolvedEndpoints = { models: Map<string, EndpointConfig>; embeddings: Map<string, EmbeddingsEndpoint> };


/**
 * The embeddings endpoints: "default" from STUDIO_EMBEDDINGS_* variables, and every OpenAI-compatible
 * model endpoint under its own name (the same server usually serves /embeddings too).
 */
export function embeddingsEndpointsOf(models: EndpointConfig[], env: Record<string, string | undefined>): EmbeddingsEndpoint[] {
  const list: EmbeddingsEndpoint[] = [];
  const baseURL = env.STUDIO_EMBEDDINGS_BASE_URL?.trim();
  const model = env.STUDIO_EMBEDDINGS_MODEL?.trim();
  if (baseURL && model) {
    list.push({ name: "default", source: "environment", baseURL, model, apiKey: env.STUDIO_EMBEDDINGS_API_KEY?.trim() || undefined });
  }
  for (const m of models) {
    if (m.provider !== "openai-compatible" || !m.baseUrl || m.name === "default") continue;
    list.push({ name: m.name, source: "endpoint", baseURL: m.baseUrl, model: m.model, apiKey: m.apiKey });
  }
  return list;
}

/**
 * The names a node may ask for, as pinEndpoints resolves them: every model endpoint's own name, and
 * "default" as soon as there is one (it resolves to the first); every embeddings endpoint's name.
 */
export function endpointNamesOf(available: AvailableEndpoints): EndpointNames {
  const models = available.models.map((m) => m.name);
  if (models.length > 0 && !models.includes("default")) models.push("default");
  return { models, embeddings: available.embeddings.map((e) => e.name) };
}

function findModel(models: EndpointConfig[], name: string): EndpointConfig | undefined {
  return models.find((m) => m.name === name) ?? (name === "default" ? models[0] : undefined);
}

function findEmbeddings(embeddings: EmbeddingsEndpoint[], name: string): EmbeddingsEndpoint | undefined {
  return embeddings.find((e) => e.name === name);
}

function fingerprintOf(view: Record<string, unknown>, fields: readonly string[]): string {
  const picked = Object.fromEntries(fields.map((f) => [f, view[f] ?? null]));
  return createHash("sha256").update(JSON.stringify(picked)).digest("hex").slice(0, 16);
}

export function pinModelEndpoint(endpoint: EndpointConfig): PinnedModelEndpoint {
  const view = publicEndpointView(endpoint);
  const pinned = {
    name: view.name,
    provider: view.provider,
    baseUrl: view.baseUrl,
    model: view.model,
    continuation: view.continuation,
    rawPromptTemplate: view.rawPromptTemplate,
    reasoningStartsInside: view.reasoningStartsInside,
    modelPath: view.modelPath,
    contextSize: view.contextSize,
    headerNames: [...view.headerNames].sort(),
    hasApiKey: view.hasApiKey,
    maxConcurrency: view.maxConcurrency,
  };
  const defined = Object.fromEntries(Object.entries(pinned).filter(([, v]) => v !== undefined)) as Omit<PinnedModelEndpoint, "fingerprint">;
  return { ...defined, fingerprint: fingerprintOf(defined, MODEL_FINGERPRINT_FIELDS) };
}

export function pinEmbeddingsEndpoint(endpoint: EmbeddingsEndpoint): PinnedEmbeddingsEndpoint {
  const view = { name: endpoint.name, source: endpoint.source, baseUrl: redactUrl(endpoint.baseURL), model: endpoint.model, hasApiKey: !!endpoint.apiKey };
  return { ...view, fingerprint: fingerprintOf(view, EMBEDDINGS_FINGERPRINT_FIELDS) };
}

function missingEndpointMessage(missing: EndpointRequest[], available: AvailableEndpoints): string {
  const lines = missing.map((r) =>
    r.role === "model"
      ? `- node "${r.nodeId}" calls the model endpoint "${r.endpoint}", which is not configured (configured: ${available.models.map((m) => m.name).join(", ") || "none"}).`
      : `- node "${r.nodeId}" uses the embeddings endpoint "${r.endpoint}", which is not configured (configured: ${available.embeddings.map((e) => e.name).join(", ") || "none"}).`,
  );
  return `This pipeline calls endpoints this studio does not have:\n${lines.join("\n")}\nAdd them on the Models page (or with STUDIO_LLM_* / STUDIO_EMBEDDINGS_* variables), or pick a configured endpoint in the node's parameters.`;
}

/** Pins every endpoint the graph's nodes ask for; refuses, naming each node, when one is not configured. */
export function pinEndpoints(validated: ValidatedGraph, available: AvailableEndpoints): EndpointPins {
  const pins: EndpointPins = { models: {}, embeddings: {}, nodes: {} };
  const missing: EndpointRequest[] = [];
  for (const request of endpointRequestsOf(validated.order.map((id) => validated.nodes.get(id)!))) {
    pins.nodes[request.nodeId] = { role: request.role, endpoint: request.endpoint };
    if (request.role === "model") {
      const endpoint = findModel(available.models, request.endpoint);
      if (endpoint) pins.models[request.endpoint] = pinModelEndpoint(endpoint);
      else missing.push(request);
    } else {
      const endpoint = findEmbeddings(available.embeddings, request.endpoint);
      if (endpoint) pins.embeddings[request.endpoint] = pinEmbeddingsEndpoint(endpoint);
      else missing.push(request);
    }
  }
  if (missing.length > 0) throw new UserInputError(missingEndpointMessage(missing, available));
  return pins;
}

/** One way a configured endpoint differs from what a run pinned. */
export type PinDifference = { role: "model" | "embeddings"; name: string; field: string; pinned: string; now: string };

function show(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  return Array.isArray(value) ? value.join(", ") || "(none)" : String(value);
}

function differences(
  role: PinDifference["role"],
  name: string,
  pinned: Record<string, unknown>,
  now: Record<string, unknown> | undefined,
  fields: readonly string[],
): PinDifference[] {
  if (!now) return [{ role, name, field: "endpoint", pinned: show(pinned.name), now: "(not configured any more)" }];
  if (pinned.fingerprint === now.fingerprint) return [];
  return fields
    .filter((f) => JSON.stringify(pinned[f] ?? null) !== JSON.stringify(now[f] ?? null))
    .map((field) => ({ role, name, field, pinned: show(pinned[field]), now: show(now[field]) }));
}

export type PinResolution =
  | { ok: true; endpoints: ResolvedEndpoints }
  | { ok: false; differences: PinDifference[] };

/**
 * The configured endpoints behind a run's pins, or how they differ from the pins. An endpoint is
 * looked up by its own pinned name, so the run keeps its model when another endpoint becomes the
 * default.
 */
export function resolvePins(pins: EndpointPins, available: AvailableEndpoints): PinResolution {
  const endpoints: ResolvedEndpoints = { models: new Map(), embeddings: new Map() };
  const found: PinDifference[] = [];
  for (const [asked, pinned] of Object.entries(pins.models)) {
    const current = available.models.find((m) => m.name === pinned.name);
    const diff = differences("model", pinned.name, pinned, current && pinModelEndpoint(current), MODEL_FINGERPRINT_FIELDS);
    if (diff.length > 0) found.push(...diff);
    else endpoints.models.set(asked, current!);
  }
  for (const [asked, pinned] of Object.entries(pins.embeddings)) {
    const current = findEmbeddings(available.embeddings, pinned.name);
    const diff = differences("embeddings", pinned.name, pinned, current && pinEmbeddingsEndpoint(current), EMBEDDINGS_FINGERPRINT_FIELDS);
    if (diff.length > 0) found.push(...diff);
    else endpoints.embeddings.set(asked, current!);
  }
  return found.length > 0 ? { ok: false, differences: found } : { ok: true, endpoints };
}

/** A run's endpoints changed since it was pinned: the differences, and how to proceed anyway. */
export class EndpointChangedError extends UserInputError {
  override name = "EndpointChangedError";
  constructor(
    readonly runId: string,
    readonly differences: PinDifference[],
  ) {
    super(
      `Run ${runId} was started with endpoints that have changed since:\n` +
        differences.map((d) => `- ${d.role} endpoint "${d.name}": ${d.field} was ${d.pinned}, now ${d.now}`).join("\n") +
        `\nRestore the endpoint to resume with the same model, or re-pin the run to the endpoints as they are now (its earlier items keep the old model's results).`,
    );
  }
}

/** The smallest maxConcurrency among the run's model endpoints (null without any). */
export function endpointConcurrencyCap(pins: EndpointPins): { cap: number; endpoint: string } | null {
  let best: { cap: number; endpoint: string } | null = null;
  for (const pinned of Object.values(pins.models)) {
    if (!best || pinned.maxConcurrency < best.cap) best = { cap: pinned.maxConcurrency, endpoint: pinned.name };
  }
  return best;
}
