import { z } from "zod";
import type { EndpointConfig } from "../llm/types";
import { jsonObjectSchema, parseJsonAs } from "../safeJson";
import type { SecretBox } from "./secretBox";

/**
 * The `configJson` of a saved endpoint (a ModelEndpoint row): the config without its key (that is
 * `apiKeyCipher`), and with its header values encrypted like the key: `sealedHeaders` maps each
 * header name, in clear, to its value's ciphertext. Header values are credentials as often as not
 * (Azure's `api-key`, `x-api-key`), so the database alone never reveals one.
 *
 * Rows written before header values were sealed hold them in clear under `headers`; they still
 * read, and are sealed the next time the endpoint is saved.
 *
 * `box` is asked for only when there is something to seal or open (it may create data/secret.key).
 */
const sealedHeadersSchema = z.record(z.string(), z.string());

export function storedConfigJson(config: EndpointConfig, box: () => SecretBox): string {
  const { apiKey: _key, headers, ...rest } = config;
  const names = Object.keys(headers ?? {});
  if (names.length === 0) return JSON.stringify(rest);
  const sealedHeaders = Object.fromEntries(names.map((name) => [name, box().seal(headers![name])]));
  return JSON.stringify({ ...rest, sealedHeaders });
}

/** The stored config with its header values decrypted (still without the key, still unvalidated). */
export function readStoredConfig(configJson: string, where: string, box: () => SecretBox): Record<string, unknown> {
  const { sealedHeaders, ...config } = parseJsonAs(configJson, jsonObjectSchema, where);
  if (sealedHeaders === undefined) return config;
  const parsed = sealedHeadersSchema.safeParse(sealedHeaders);
  if (!parsed.success) throw new Error(`${where}: sealedHeaders must map header names to ciphertexts.`);
  const headers = Object.fromEntries(Object.entries(parsed.data).map(([name, sealed]) => [name, box().open(sealed)]));
  return { ...config, headers };
}
