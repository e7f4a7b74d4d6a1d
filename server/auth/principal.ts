import type { Db } from "../db/client";
import { ShareLinkInvalidError, resolveShareToken, type ShareScope } from "../sharing/shareLinks";
import { authModeFromEnv } from "./authMode";
import { isRole, type Role } from "./roles";
import { studioAuth } from "./studioAuth";

/**
 * Who is asking. On a localhost studio without sign-in the one researcher at the keyboard is the
 * local admin; with sign-in it is the signed-in user with their stored role, or nobody. A page
 * opened from a share link sends its token (SHARE_TOKEN_HEADER) and may read what the link covers,
 * nothing else, whoever is signed in.
 */
export type Principal =
  | { kind: "local"; role: "admin" }
  | { kind: "user"; role: Role; userId: string; email: string; name: string }
  | { kind: "share"; scope: ShareScope }
  | { kind: "anonymous"; why?: string };

export const SHARE_TOKEN_HEADER = "x-studio-share-token";

export const LOCAL_ADMIN: Principal = { kind: "local", role: "admin" };

export async function principalOf(db: Db, headers: Headers, env: Record<string, string | undefined> = process.env): Promise<Principal> {
  const shareToken = headers.get(SHARE_TOKEN_HEADER);
  if (shareToken !== null) return shareePrincipal(db, shareToken);
  if (!authModeFromEnv(env).required) return LOCAL_ADMIN;
  const session = await studioAuth(db, env).api.getSession({ headers });
  if (!session) return { kind: "anonymous" };
  const { user } = session;
  // A role that is not one of ours (a hand-edited row) reads as the least one.
  const role = isRole(user.role) ? user.role : "viewer";
  return { kind: "user", role, userId: user.id, email: user.email, name: user.name };
}

/** The reader of a share link, or nobody (with the reason) when the token does not work. */
export async function shareePrincipal(db: Db, token: string): Promise<Principal> {
  try {
    return { kind: "share", scope: await resolveShareToken(db, token) };
  } catch (err) {
    if (err instanceof ShareLinkInvalidError) return { kind: "anonymous", why: err.message };
    throw err;
  }
}

/** The role to check; a share link's reader has none (shareable procedures check the link instead). */
export function roleOf(principal: Principal): Role | null {
  return principal.kind === "local" || principal.kind === "user" ? principal.role : null;
}
