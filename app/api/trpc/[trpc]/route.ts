import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { internalErrorReference } from "@/server/api/internalErrors";
import { principalOf, SHARE_TOKEN_HEADER } from "@/server/auth/principal";
import { getDb } from "@/server/db/client";
import { apiBodyLimitFromEnv, limitRequestBody } from "@/server/security/bodyLimit";
import { guardResponse } from "@/server/security/requestGuard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handler(req: Request) {
  // proxy.ts already applies the guard to every request; the API checks again so that no proxy matcher
  // change or proxy bypass can expose it.
  const refused = guardResponse(req);
  if (refused) return refused;
  const limited = limitRequestBody(req, apiBodyLimitFromEnv());
  if (limited instanceof Response) return limited;
  const db = getDb();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited,
    router: appRouter,
    // Who is asking (signed-in user, share link, or the local admin) decides what each procedure allows.
    createContext: async ({ info }) => {
      // The event stream (EventSource) cannot send headers: a share page passes its token as a connection parameter.
      const headers = new Headers(req.headers);
      const shareToken = info.connectionParams?.shareToken;
      if (typeof shareToken === "string" && !headers.has(SHARE_TOKEN_HEADER)) headers.set(SHARE_TOKEN_HEADER, shareToken);
      return createTrpcContext(db, await principalOf(db, headers));
    },
    onError({ path, error }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed (reference ${internalErrorReference(error)}):`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
