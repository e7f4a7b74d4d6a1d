"use client";

import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

const TRPC_URL = "/api/trpc";
/** = server/auth/principal.ts SHARE_TOKEN_HEADER (not imported: that module is server-only). */
const SHARE_TOKEN_HEADER = "x-studio-share-token";

/**
 * The tRPC client of the studio's pages. `shareToken`: the pages of a share link send it with every
 * call (a header, and a connection parameter for the event stream, which cannot send headers).
 */
/** A refusal (not found, bad input, not allowed: HTTP 4xx) is the answer; only failures are retried, twice. */
function retryUnlessRefused(failures: number, error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return failures < 2 && !(status !== undefined && status >= 400 && status < 500);
}

export function TrpcProvider({ children, shareToken }: { children: ReactNode; shareToken?: string }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: retryUnlessRefused } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Subscriptions (live run events) go over Server-Sent Events; everything else is batched HTTP.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: TRPC_URL, transformer: superjson, connectionParams: shareToken ? { shareToken } : undefined }),
          false: httpBatchLink({ url: TRPC_URL, transformer: superjson, headers: shareToken ? { [SHARE_TOKEN_HEADER]: shareToken } : undefined }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
