import { redactUrlsIn } from "../urlCredentials";

/**
 * What a bundle must never carry: a field that may hold a credential is dropped, however deep, and
 * every URL in a text loses its credentials. Applied on export, and again on import (a bundle may
 * come from an older or a foreign studio).
 */
export function withoutSecrets(value: unknown): unknown {
  if (typeof value === "string") return redactUrlsIn(value);
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  return objectWithoutSecrets(value);
}

/**
 * A field name that may hold a credential: ends in api key, token, secret, password, authorization,
 * cookie or credentials, whatever the case and separators (`x-api-key`, `bearerToken`,
 * `apiKeyCipher`, `client_secret`); `hasApiKey`-style flags are kept.
 */
function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z]/g, "");
  if (n.startsWith("has")) return false;
  return /(apikey|apikeycipher|token|secret|password|passwd|authorization|cookie|credentials?)$/.test(n);
}

export function objectWithoutSecrets(value: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !isSecretName(k))
      .map(([k, v]: [string, unknown]) => [k, withoutSecrets(v)]),
  );
}
