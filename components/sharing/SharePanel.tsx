"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { RouterInputs } from "@/components/providers/apiTypes";
import { useCan } from "@/components/auth/AccessProvider";
import { absoluteTime } from "@/components/ui/time";

type ShareTarget = RouterInputs["shares"]["list"];

const EXPIRY: ReadonlyArray<[string, string]> = [
  ["7", "expires in 7 days"],
  ["30", "expires in 30 days"],
  ["1", "expires in 1 day"],
  ["never", "never expires"],
];

/**
 * Read-only links to this run, comparison or experiment: made, listed and revoked here (editors).
 * The link is shown once, when it is made: the studio keeps only a hash of its token.
 */
export function SharePanel({ kind, target }: ShareTarget) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const allowed = useCan("editor");
  const [open, setOpen] = useState(false);
  const [expiry, setExpiry] = useState("7");
  const [made, setMade] = useState<string | null>(null);
  const links = useQuery({ ...trpc.shares.list.queryOptions({ kind, target }), enabled: allowed && open });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.shares.list.queryKey({ kind, target }) });
  const create = useMutation(
    trpc.shares.create.mutationOptions({
      onSuccess: (result) => {
        setMade(`${window.location.origin}/share/${result.token}`);
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.shares.revoke.mutationOptions({ onSuccess: refresh }));
  if (!allowed) return null;

  return (
    <section className="share-panel" data-testid="share-panel">
      <button type="button" className="btn small" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="share-toggle">
        Share read-only…
      </button>
      {open ? (
        <div className="card share-card">
          <p className="muted small">
            Anyone with the link sees this {kind}'s results, dashboards and traces, without signing in; never the model endpoints&apos;
            addresses, and nothing else in the studio. Revoke it to stop it at once.
          </p>
          <div className="row">
            <select className="compact" value={expiry} onChange={(e) => setExpiry(e.target.value)} aria-label="Expiry" data-testid="share-expiry">
              {EXPIRY.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn small primary"
              disabled={create.isPending}
              onClick={() => create.mutate({ kind, target, expiresInDays: expiry === "never" ? undefined : Number(expiry) })}
              data-testid="share-create"
            >
              {create.isPending ? "Making…" : "Make a link"}
            </button>
          </div>
          {made ? (
            <p className="small">
              New link (shown once):{" "}
              <input className="share-url" readOnly value={made} onFocus={(e) => e.target.select()} data-testid="share-url" aria-label="Share link" />{" "}
              <button type="button" className="btn small" onClick={() => void navigator.clipboard?.writeText(made)}>
                Copy
              </button>
            </p>
          ) : null}
          {create.error ? <p className="error small">{create.error.message}</p> : null}
          {links.data && links.data.length > 0 ? (
            <ul className="share-links small" data-testid="share-links">
              {links.data.map((link) => (
                <li key={link.id}>
                  <span className={`badge ${link.state === "active" ? "" : "muted"}`}>{link.state}</span> made {absoluteTime(link.createdAt)}
                  {link.createdBy ? ` by ${link.createdBy}` : ""}
                  {link.expiresAt ? ` · expires ${absoluteTime(link.expiresAt)}` : " · no expiry"}
                  {link.state === "active" ? (
                    <button type="button" className="btn small danger" onClick={() => revoke.mutate({ id: link.id })} disabled={revoke.isPending} data-testid="share-revoke">
                      Revoke
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
