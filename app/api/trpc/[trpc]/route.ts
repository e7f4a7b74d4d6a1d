import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { guardResponse } from "@/server/security/requestGuard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function handler(req: Request) {
  // proxy.ts already applies the guard to every request; the API checks again so that no proxy matcher
  // change or proxy bypass can expose it.
  const refused = guardResponse(req);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTrpcContext(),
    onError({ path, error }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.message);
    },
  });
}

export { handler as GET, handler as POST };
