/**
 * Which requests the studio answers. The studio has no sign-in, so it must only be reachable as
 * itself: a request whose Host is not one of the studio's addresses is refused (this stops DNS
 * rebinding, where a hostile page's own host name is pointed at 127.0.0.1), and a request that can
 * change state (any method but GET/HEAD/OPTIONS, and every API call: a tRPC URL does not tell a query
 * from a subscription) coming from another site's page is refused (cross-site request forgery).
 *
 * The addresses come from STUDIO_PUBLIC_URL (comma-separated URLs), or, when it is unset, from
 * http://localhost:PORT and http://127.0.0.1:PORT. Pure: no Next.js, no I/O; proxy.ts and the tRPC
 * route handler apply it.
 */

export type GuardConfig = {
  /** Serialized origins (scheme://host[:port], default port left out), lower case. */
  origins: string[];
};

export type GuardRequest = {
  method: string;
  /** The URL's path, e.g. /api/trpc/runs.start. */
  path: string;
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
};

export type GuardDecision = { allowed: true } | { allowed: false; status: 403 | 421; reason: string };

const DEFAULT_PORT = "3000";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export class GuardConfigError extends Error {
  override name = "GuardConfigError";
}

/** The allowed origins from the environment; throws GuardConfigError naming a malformed STUDIO_PUBLIC_URL. */
export function guardConfigFromEnv(env: Record<string, string | undefined>): GuardConfig {
  const configured = env.STUDIO_PUBLIC_URL?.trim();
  if (!configured) {
    const port = env.PORT?.trim() || DEFAULT_PORT;
    return { origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`].map(serializedOrigin) };
  }
  const origins = configured
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      let url: URL;
      try {
        url = new URL(part);
      } catch {
        throw new GuardConfigError(`STUDIO_PUBLIC_URL: '${part}' is not a URL (expected e.g. https://studio.example.org)`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new GuardConfigError(`STUDIO_PUBLIC_URL: '${part}' is not an http:// or https:// URL`);
      }
      return url.origin;
    });
  return { origins };
}

function serializedOrigin(url: string): string {
  return new URL(url).origin;
}

const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;

/** host:port as a Host header names it, default port filled in from the scheme; null when malformed. */
function hostKey(host: string, protocol: string): string | null {
  const match = HOST_HEADER.exec(host.trim().toLowerCase());
  if (!match) return null;
  const port = match[2] ?? (protocol === "https:" ? "443" : "80");
  return `${match[1]}:${Number(port)}`;
}

function hostAllowed(host: string, config: GuardConfig): boolean {
  return config.origins.some((origin) => {
    const url = new URL(origin);
    const key = hostKey(host, url.protocol);
    return key !== null && key === hostKey(url.host, url.protocol);
  });
}

function describeAllowed(config: GuardConfig): string {
  return config.origins.join(", ");
}

export function isStateChanging(method: string, path: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase()) || path === "/api" || path.startsWith("/api/");
}

/** Decides one request: allowed, or refused with a status and a plain-text reason. */
export function decideRequest(request: GuardRequest, config: GuardConfig): GuardDecision {
  if (!request.host || !hostAllowed(request.host, config)) {
    return {
      allowed: false,
      status: 421,
      reason:
        `Refused: this studio answers only at ${describeAllowed(config)}, not at host '${request.host ?? "(none)"}'. ` +
        "To serve it under another address, set STUDIO_PUBLIC_URL (see the README, section Network).",
    };
  }
  if (!isStateChanging(request.method, request.path)) return { allowed: true };

  // Browsers send Origin with every non-GET request and Sec-Fetch-Site with every request; a client
  // that sends neither (curl, the CLI, a script) is not a browser a hostile page could drive.
  if (request.origin !== null) {
    if (config.origins.includes(request.origin.trim().toLowerCase())) return { allowed: true };
    return {
      allowed: false,
      status: 403,
      reason:
        `Refused: a ${request.method.toUpperCase()} to ${request.path} from origin '${request.origin}'; ` +
        `this studio accepts such requests only from its own pages (${describeAllowed(config)}).`,
    };
  }
  const site = request.secFetchSite?.trim().toLowerCase();
  if (site && site !== "same-origin" && site !== "none") {
    return {
      allowed: false,
      status: 403,
      reason:
        `Refused: a ${request.method.toUpperCase()} to ${request.path} sent by a page of another site (Sec-Fetch-Site: ${site}); ` +
        `this studio accepts such requests only from its own pages (${describeAllowed(config)}).`,
    };
  }
  return { allowed: true };
}

let cached: { key: string; config: GuardConfig } | null = null;

function configFor(env: Record<string, string | undefined>): GuardConfig {
  const key = `${env.PORT ?? ""}\n${env.STUDIO_PUBLIC_URL ?? ""}`;
  if (cached?.key !== key) cached = { key, config: guardConfigFromEnv(env) };
  return cached.config;
}

function plainText(status: number, body: string): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
  });
}

/** The refusal to send for a fetch-API request, or null when it may go on. */
export function guardResponse(request: Request, env: Record<string, string | undefined> = process.env): Response | null {
  let config: GuardConfig;
  try {
    config = configFor(env);
  } catch (error) {
    if (error instanceof GuardConfigError) return plainText(500, `The studio is misconfigured: ${error.message}`);
    throw error;
  }
  const decision = decideRequest(
    {
      method: request.method,
      path: new URL(request.url).pathname,
      host: request.headers.get("host"),
      origin: request.headers.get("origin"),
      secFetchSite: request.headers.get("sec-fetch-site"),
    },
    config,
  );
  return decision.allowed ? null : plainText(decision.status, decision.reason);
}
