import { databaseTargetOf, type Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { endpointsFromEnv, parseEndpointConfig, publicEndpointView, type PublicEndpointView } from "../llm/endpointConfig";
import { LlmConfigError } from "../llm/errors";
import { checkModelFile, modelFileRules } from "../llm/localModelFile";
import type { EndpointConfig } from "../llm/types";
import { secretBoxFromEnvironment, type SecretBox } from "./secretBox";
import { readStoredConfig, storedConfigJson } from "./storedEndpointConfig";

export type EndpointListing = PublicEndpointView & { source: "saved" | "environment" };

export type SaveEndpointInput = {
  config: Record<string, unknown>;
  /** A new key; `null` removes the stored one; undefined keeps what is stored. */
  apiKey?: string | null;
};

type Env = Record<string, string | undefined>;

/** The studio's secret box, made on first need (it may create data/secret.key). */
function lazyBox(env: Env, box?: SecretBox): () => SecretBox {
  return () => (box ??= secretBoxFromEnvironment(env));
}

const configWhere = (name: string) => `ModelEndpoint ${JSON.stringify(name)}.configJson`;

/**
 * Model endpoints saved from the settings form, merged with those from STUDIO_LLM_* variables.
 * A saved endpoint overrides an environment one of the same name (the form is the later word).
 */
export async function loadEndpoints(db: Db, env: Env = process.env, box?: SecretBox): Promise<EndpointConfig[]> {
  const rows = await db.modelEndpoint.findMany({ orderBy: { createdAt: "asc" } });
  const secrets = lazyBox(env, box);
  const saved = rows.map((row) => {
    // The config is checked by parseEndpointConfig (its errors name the endpoint); here only its top level.
    const config = readStoredConfig(row.configJson, configWhere(row.name), secrets);
    const apiKey = row.apiKeyCipher ? secrets().open(row.apiKeyCipher) : undefined;
    return parseEndpointConfig({ ...config, apiKey });
  });
  const savedNames = new Set(saved.map((e) => e.name));
  const fromEnv = endpointsFromEnv(env).filter((e) => !savedNames.has(e.name));
  // "default" first: it is the endpoint runs use unless a node names another.
  return [...saved, ...fromEnv].sort((a, b) => Number(b.name === "default") - Number(a.name === "default"));
}

/** What the settings page shows: no key and no header value, only `hasApiKey` and the header names. */
export async function listEndpoints(db: Db, env: Env = process.env): Promise<EndpointListing[]> {
  const savedNames = new Set((await db.modelEndpoint.findMany({ select: { name: true } })).map((r) => r.name));
  return (await loadEndpoints(db, env)).map((e) => ({ ...publicEndpointView(e), source: savedNames.has(e.name) ? "saved" : "environment" }));
}

/** Where a stored key is sent: changing any of these needs the key entered again (or removed). */
const KEY_DESTINATION_FIELDS = ["provider", "baseUrl", "headers", "modelPath"] as const;

/**
 * A local model file must pass the provider's rules already when saved (under STUDIO_MODELS_DIR, a
 * GGUF file, not this studio's database), so the form says at once what is wrong.
 */
async function checkSavedModelFile(db: Db, modelPath: string, env: Env): Promise<void> {
  const target = databaseTargetOf(db);
  const rules = { ...modelFileRules(env), databaseFile: target.kind === "sqlite" ? target.file : null };
  try {
    await checkModelFile(modelPath, rules);
  } catch (err) {
    if (err instanceof LlmConfigError) throw new UserInputError(err.message);
    throw err;
  }
}

export async function saveEndpoint(db: Db, input: SaveEndpointInput, env: Env = process.env): Promise<PublicEndpointView> {
  const { apiKey: _ignored, ...withoutKey } = input.config as Record<string, unknown> & { apiKey?: unknown };
  let config: EndpointConfig;
  try {
    config = parseEndpointConfig(withoutKey);
  } catch (err) {
    throw new UserInputError(err instanceof Error ? err.message : String(err));
  }
  if (config.provider === "local-gguf") await checkSavedModelFile(db, config.modelPath!, env);
  const { apiKey: _none, ...stored } = config;
  const secrets = lazyBox(env);
  const existing = await db.modelEndpoint.findUnique({ where: { name: config.name }, select: { apiKeyCipher: true, configJson: true } });
  if (input.apiKey === undefined && existing?.apiKeyCipher) {
    const before = readStoredConfig(existing.configJson, configWhere(config.name), secrets);
    const moved = KEY_DESTINATION_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(stored[f] ?? null));
    if (moved.length > 0) {
      throw new UserInputError(
        `Endpoint "${config.name}": ${moved.join(", ")} changed, so its stored API key would go somewhere new. ` +
          `Enter the key again (or remove it) to save this change.`,
      );
    }
  }
  const apiKeyCipher =
    input.apiKey === undefined ? (existing?.apiKeyCipher ?? null) : input.apiKey === null || input.apiKey.trim() === "" ? null : secrets().seal(input.apiKey.trim());
  const configJson = storedConfigJson(config, secrets);
  await db.modelEndpoint.upsert({
    where: { name: config.name },
    create: { name: config.name, configJson, apiKeyCipher },
    update: { configJson, apiKeyCipher },
  });
  return publicEndpointView({ ...config, apiKey: apiKeyCipher ? "stored" : undefined });
}

export async function deleteEndpoint(db: Db, name: string): Promise<void> {
  const deleted = await db.modelEndpoint.deleteMany({ where: { name } });
  if (deleted.count === 0) throw new NotFoundError(`No saved endpoint named "${name}" (endpoints from environment variables cannot be deleted here).`);
}

/** The endpoint runs use by default: "default" if there is one, else the first. */
export async function defaultEndpoint(db: Db, env: Env = process.env): Promise<EndpointConfig | null> {
  return (await loadEndpoints(db, env))[0] ?? null;
}
