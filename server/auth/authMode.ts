/**
 * Whether the studio asks for sign-in. On localhost a single researcher needs none (the README's
 * first command stays one command); once the studio listens on another address, or STUDIO_PUBLIC_URL
 * names one, everyone signs in. STUDIO_AUTH=on asks for sign-in anyway; STUDIO_AUTH=off turns it off
 * only where nobody else can reach the studio: an exposed studio without sign-in is refused.
 * Pure: reads only the environment it is given.
 */

export type AuthMode = { required: boolean; reason: string };

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith(".localhost");
}

/** The first address, of the listen host and the public URLs, that other machines could reach; null when all are loopback. */
function exposedAddress(env: Record<string, string | undefined>): string | null {
  const host = env.STUDIO_HOST?.trim();
  if (host && !isLoopbackHost(host)) return `STUDIO_HOST=${host}`;
  for (const part of (env.STUDIO_PUBLIC_URL ?? "").split(",")) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    let hostname: string;
    try {
      hostname = new URL(trimmed).hostname;
    } catch {
      continue; // the request guard reports a malformed STUDIO_PUBLIC_URL
    }
    if (!isLoopbackHost(hostname)) return `STUDIO_PUBLIC_URL=${trimmed}`;
  }
  return null;
}

export function authModeFromEnv(env: Record<string, string | undefined> = process.env): AuthMode {
  const setting = env.STUDIO_AUTH?.trim().toLowerCase() || "auto";
  const exposed = exposedAddress(env);
  if (setting === "on") return { required: true, reason: "STUDIO_AUTH=on" };
  if (setting === "off") {
    if (exposed) {
      throw new AuthConfigError(
        `STUDIO_AUTH=off, but the studio is reachable from other machines (${exposed}); ` +
          "sign-in cannot be turned off there. Remove STUDIO_AUTH, or listen on 127.0.0.1 only.",
      );
    }
    return { required: false, reason: "STUDIO_AUTH=off on localhost" };
  }
  if (setting !== "auto") throw new AuthConfigError(`STUDIO_AUTH='${env.STUDIO_AUTH}': expected on, off or auto.`);
  return exposed ? { required: true, reason: `exposed (${exposed})` } : { required: false, reason: "localhost only" };
}
