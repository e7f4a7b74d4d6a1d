"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { roleAllows, type Role } from "@/server/auth/roles";

/**
 * Who the page is shown to, so it offers only what the server allows (the server checks anyway):
 * the signed-in user's role, the local admin of a localhost studio, or a share link's reader.
 */
export type Access = {
  loaded: boolean;
  role: Role | null;
  /** Opened from a share link: read only, no studio navigation. */
  shared: boolean;
  signInRequired: boolean;
  email: string | null;
};

const SharedContext = createContext<Access | null>(null);

const SHARED: Access = { loaded: true, role: null, shared: true, signInRequired: false, email: null };

/** Pages under /share/: read only, whoever opens them. */
export function SharedAccess({ children }: { children: ReactNode }) {
  return <SharedContext.Provider value={SHARED}>{children}</SharedContext.Provider>;
}

export function useAccess(): Access {
  const shared = useContext(SharedContext);
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000, enabled: shared === null });
  if (shared) return shared;
  if (!me.data) return { loaded: false, role: null, shared: false, signInRequired: false, email: null };
  return { loaded: true, role: me.data.role, shared: false, signInRequired: me.data.signInRequired, email: me.data.email };
}

/** Whether the viewer of the page may do what needs `role`. */
export function useCan(role: Role): boolean {
  const { role: have } = useAccess();
  return have !== null && roleAllows(have, role);
}

/** Renders its children only for those who may do what needs `role`. */
export function IfCan({ role, children }: { role: Role; children: ReactNode }) {
  return useCan(role) ? <>{children}</> : null;
}
