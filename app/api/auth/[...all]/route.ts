import { toNextJsHandler } from "better-auth/next-js";
import { studioAuth } from "@/server/auth/studioAuth";
import { getDb } from "@/server/db/client";
import { guardResponse } from "@/server/security/requestGuard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Sign-in, sign-out and the session, answered by better-auth (server/auth/studioAuth.ts).
async function handler(req: Request) {
  const refused = guardResponse(req);
  if (refused) return refused;
  const { GET, POST } = toNextJsHandler(studioAuth(getDb()));
  return req.method === "GET" ? GET(req) : POST(req);
}

export { handler as GET, handler as POST };
