/**
 * Typed errors of the LLM layer. Every message names the endpoint (name, and base URL or model file)
 * and, for HTTP errors, the status; none ever contains the API key (redactSecrets runs on every
 * text that came from the server, since some servers echo the key they rejected).
 */
import { DomainError } from "../errors";
import { redactUrl } from "../urlCredentials";
import type { EndpointConfig } from "./types";

export type LlmErrorKind =
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "connection"
  | "malformed_response"
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "unprocessable"
  | "continuation_unsupported"
  | "aborted"
  | "config"
  | "unexpected";

export interface LlmErrorInit {
  kind: LlmErrorKind;
  endpoint: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  attempts?: number;
  cause?: unknown;
}

export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  /** Endpoint name. */
  readonly endpoint: string;
  readonly retryable: boolean;
  readonly status?: number;
  /** Server-requested wait (Retry-After / retry-after-ms), when given. */
  readonly retryAfterMs?: number;
  /** Attempts made before giving up; set by the retry layer. */
  attempts?: number;

  constructor(message: string, init: LlmErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "LlmError";
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.retryable = init.retryable;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }

  /** Plain, key-free description for events, logs and run items (the cause chain is left out). */
  toJSON(): { name: string; kind: LlmErrorKind; endpoint: string; status?: number; retryable: boolean; attempts?: number; message: string } {
    return {
      name: this.name,
      kind: this.kind,
      endpoint: this.endpoint,
      status: this.status,
      retryable: this.retryable,
      attempts: this.attempts,
      message: this.message,
    };
  }
}

/** The endpoint cannot continue a partial assistant turn (continuation "none", or "auto" found no way). */
export class ContinuationUnsupportedError extends LlmError {
  constructor(message: string, endpoint: string) {
    super(message, { kind: "continuation_unsupported", endpoint, retryable: false });
    this.name = "ContinuationUnsupportedError";
  }
}

/** The caller aborted (its AbortSignal fired): never retried, never cached. */
export class LlmAbortedError extends LlmError {
  constructor(endpoint: string, cause?: unknown) {
    super(`LLM request to endpoint "${endpoint}" was aborted by the caller.`, {
      kind: "aborted",
      endpoint,
      retryable: false,
      cause,
    });
    this.name = "LlmAbortedError";
  }
}

/** An endpoint configuration is invalid; the message says which field and why. */
export class LlmConfigError extends DomainError {
  readonly code = "BAD_REQUEST";
  constructor(message: string) {
    super(message);
    this.name = "LlmConfigError";
  }
}

/** "name" (http://host/v1, model m) — how errors refer to an endpoint. */
export function describeEndpoint(endpoint: Pick<EndpointConfig, "name" | "provider" | "baseUrl" | "model" | "modelPath">): string {
  const where =
    endpoint.provider === "local-gguf" ? `local GGUF ${endpoint.modelPath ?? "(no modelPath)"}` : redactUrl(endpoint.baseUrl ?? "(no baseUrl)");
  return `"${endpoint.name}" (${where}, model ${endpoint.model})`;
}

/** Replaces every occurrence of each secret (and of its longer fragments) with ***. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join("***");
    // Servers such as OpenAI echo a shortened key ("sk-abc***xyz"); hide any 8+ character fragment too.
    if (secret.length >= 12) {
      const head = secret.slice(0, 8);
      const tail = secret.slice(-8);
      out = out.split(head).join("***").split(tail).join("***");
    }
  }
  return out;
}
