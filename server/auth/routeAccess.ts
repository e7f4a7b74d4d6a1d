import type { Db } from "../db/client";
import { principalOf, roleOf } from "./principal";
import { roleAllows, type Role } from "./roles";

/** A plain-text answer of a route handler. */
export function plainText(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** For route handlers outside tRPC: the refusal (401/403, saying why) when the request's user lacks `need`, else null. */
export async function refuseUnlessRole(db: Db, req: Request, need: Role, doing: string): Promise<Response | null> {
  const role = roleOf(await principalOf(db, req.headers));
  if (role === null) return plainText(401, "Sign in first.");
  if (!roleAllows(role, need)) return plainText(403, `${doing} needs the ${need} role; you are signed in as a ${role}.`);
  return null;
}
