import { authModeFromEnv } from "./authMode";

/**
 * Which pages a browser without a session cookie is sent to sign in from. Only a hint for the
 * browser (pages load their data through tRPC, which checks the session itself): a missing cookie
 * means "sign in", a stale one is caught by the API. Pure.
 */
const OPEN_PATHS = new Set(["/sign-in", "/icon.svg", "/favicon.ico"]);
const OPEN_PREFIXES = ["/share/", "/api/", "/_next/"];

export function signInRedirect(pathname: string, search: string, hasSessionCookie: boolean, env: Record<string, string | undefined>): string | null {
  if (hasSessionCookie || !authModeFromEnv(env).required) return null;
  if (OPEN_PATHS.has(pathname) || OPEN_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return null;
  return `/sign-in?next=${encodeURIComponent(pathname + search)}`;
}
