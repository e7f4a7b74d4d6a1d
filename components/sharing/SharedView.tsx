"use client";

import { useQuery } from "@tanstack/react-query";
import { TrpcProvider, useTRPC } from "@/components/providers/TrpcProvider";
import { SharedAccess } from "@/components/auth/AccessProvider";
import { RunView } from "@/components/runs/RunView";
import { RunComparison } from "@/components/runs/RunComparison";
import { ExperimentView } from "@/components/experiments/ExperimentView";

function SharedContent({ token }: { token: string }) {
  const trpc = useTRPC();
  const opened = useQuery({ ...trpc.shares.opened.queryOptions(), staleTime: Infinity });
  if (opened.isPending) return <p className="muted">Opening the shared view…</p>;
  if (opened.isError) return <p className="error">Could not open the link: {opened.error.message}</p>;
  const share = opened.data;
  if (!share.valid) return <p className="error" data-testid="share-invalid">{share.reason}</p>;
  if (share.kind === "run") return <RunView runId={share.target} />;
  if (share.kind === "experiment") return <ExperimentView experimentId={share.target} shareToken={token} />;
  return (
    <>
      <section className="intro">
        <h1>Compared runs</h1>
      </section>
      <RunComparison runIds={share.runIds} />
    </>
  );
}

/** The pages of a share link talk to the API with its token, and offer no action. */
export function SharedView({ token }: { token: string }) {
  return (
    <TrpcProvider shareToken={token}>
      <SharedAccess>
        <div data-testid="shared-view">
          <SharedContent token={token} />
        </div>
      </SharedAccess>
    </TrpcProvider>
  );
}
