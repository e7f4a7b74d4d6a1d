import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { endpointsFromEnv, parseEndpointConfig, publicEndpointView, type PublicEndpointView } from "../llm/endpointConfig";
import type { EndpointConfig } from "../llm/types";
import { jsonObjectSchema, parseJsonAs } from "../safeJson";
import { secretBoxFromEnvironment, type SecretBox } from "./secretBox";

export type EndpointListing = PublicEndpointView & { source: "saved" | "environment" };

export type SaveEndpointInput = {
  config: Record<string, unknown>;
  /** A new key; `null` removes the stored one; undefined keeps what is stored. */
  apiKey?: string | null;
};

/**
 * Model endpoints saved from the settings form, merged with those from STUDIO_LLM_* variables.
 * A saved endpoint overrides an environment one of the same name (the form is the later word).
 */
export async function loadEndpoints(db: Db, env: Record<string, string | undefined> = process.env, box?: SecretBox): Promise<EndpointConfig[]> {
  const rows = await db.modelEndpoint.findMany({ orderBy: { createdAt: "asc" } });
  const saved = rows.map((row) => {
    // The config is checked by parseEndpointConfig (its errors name the endpoint); here only its top level.
    const config = parseJsonAs(row.configJson, jsonObjectSchema, `ModelEndpoint ${JSON.stringify(row.name)}.configJson`);
    const apiKey = row.apiKeyCipher ? (box ??= secretBoxFromEnvironment(env)).open(row.apiKeyCipher) : undefined;
    return parseEndpointConfig({ ...config, apiKey });
  });
  const savedNames = new Set(saved.map((e) => e.name));
  const fromEnv = endpointsFromEnv(env).filter((e) => !savedNames.has(e.name));
  // "default" first: it is the endpoint runs use unless a node names another.
  return [...saved, ...fromEnv].sort((a, b) => Number(b.name === "default") - Number(a.name === "default"));
}

export async function listEndpoints(db: Db, env: Record<string, string | undefined> = process.env): Promise<EndpointListing[]> {
  const savedNames = new Set((await db.modelEndpoint.findMany({ select: { name: true } })).map((r) => r.name));
  return (await loadEndpoints(db, env)).map((e) => ({ ...publicEndpointView(e), source: savedNames.has(e.name) ? "saved" : "environment" }));
}

/** Where a stored key is sent: changing any of these needs the key entered again (or removed). */
const KEY_DESTINATION_FIELDS = ["provider", "baseUrl", "headers", "modelPath"] as const;

export async function saveEndpoint(db: Db, input: SaveEndpointInput, env: Record<string, string | undefined> = process.env): Promise<PublicEndpointView> {
  const { apiKey: _ignored, ...withoutKey } = input.config as Record<string, unknown> & { apiKey?: unknown };
  let config: EndpointConfig;
  try {
    config = parseEndpointConfig(withoutKey);
  } catch (err) {
    throw new UserInputError(err instanceof Error ? err.message : String(err));
  }
  const { apiKey: _none, ...stored } = config;
  const existing = await db.modelEndpoint.findUnique({ where: { name: config.name }, select: { apiKeyCipher: true, configJson: true } });
  if (input.apiKey === undefined && existing?.apiKeyCipher) {
    const before = parseJsonAs(existing.configJson, jsonObjectSchema, `ModelEndpoint ${JSON.stringify(config.name)}.configJson`);
    const moved = KEY_DESTINATION_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(stored[f] ?? null));
    if (moved.length > 0) {
      throw new UserInputError(
        `Endpoint "${config.name}": ${moved.join(", ")} changed, so its stored API key would go somewhere new. ` +
          `Enter the key again (or remove it) to save this change.`,
      );
    }
  }
  const apiKeyCipher =
    input.apiKey === undefined ? (existing?.apiKeyCipher ?? null) : input.apiKey === null || input.apiKey.trim() === "" ? null : secretBoxFromEnvironment(env).seal(input.apiKey.trim());
  await db.modelEndpoint.upsert({
    where: { name: config.name },
    create: { name: config.name, configJson: JSON.stringify(stored), apiKeyCipher },
    update: { configJson: JSON.stringify(stored), apiKeyCipher },
  });
  return publicEndpointView({ ...config, apiKey: apiKeyCipher ? "stored" : undefined });
}

export async function deleteEndpoint(db: Db, name: string): Promise<void> {
  const deleted = await db.modelEndpoint.deleteMany({ where: { name } });
  if (deleted.count === 0) throw new NotFoundError(`No saved endpoint named "${name}" (endpoints from environment variables cannot be deleted here).`);
}

/** The endpoint runs use by default: "default" if there is one, else the first. */
export async function defaultEndpoint(db: Db, env: Record<string, string | undefined> = process.env): Promise<EndpointConfig | null> {
  return (await loadEndpoints(db, env))[0] ?? null;
}
