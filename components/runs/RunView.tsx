"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { RouterInputs } from "@/components/providers/apiTypes";
import { Drawer } from "@/components/ui/Drawer";
import { Panel } from "@/components/ui/Panel";
import { prepareRunProgress } from "@/components/charts/prepareRunProgress";
import { FailureModeDashboard } from "./FailureModeDashboard";
import { ItemsTable } from "./ItemsTable";
import { OfficialMetrics } from "./OfficialMetrics";
import { RunHeader } from "./RunHeader";
import { TraceView } from "./TraceView";
import { useRunLive } from "./useRunLive";

const LIVE = new Set(["queued", "running"]);

/** The failure-mode thresholds a run used live on its score node; the definitions are rendered from them. */
type DefinitionOverrides = Exclude<RouterInputs["failureModes"]["definitions"], void | undefined>["overrides"];

function scoreNodeOverrides(graph: unknown): DefinitionOverrides {
  const nodes = (graph as { nodes?: { kind?: string; params?: Record<string, unknown> }[] } | null)?.nodes ?? [];
  const overrides = nodes.find((n) => n.kind === "score")?.params?.failureModes;
  return overrides && typeof overrides === "object" && Object.keys(overrides).length > 0 ? (overrides as DefinitionOverrides) : undefined;
}

export function RunView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ id: runId }),
    // Polling backs up the event stream (e.g. a run that finished before the page subscribed).
    refetchInterval: (q) => (q.state.data && (LIVE.has(q.state.data.status) || q.state.data.active) ? 3000 : false),
  });
  const isLive = !!run.data && (LIVE.has(run.data.status) || run.data.active);
  const live = useRunLive(runId, isLive);
  const overrides = scoreNodeOverrides(run.data?.pipelineVersion.graph);
  const definitions = useQuery({
    ...trpc.failureModes.definitions.queryOptions({ overrides }),
    staleTime: Infinity,
    enabled: !!run.data,
  });
  const [openItem, setOpenItem] = useState<string | null>(null);

  if (run.isPending) return <p className="muted">Loading run…</p>;
  if (run.isError) return <p className="error">Could not load the run: {run.error.message}</p>;
  const r = run.data;
  const progress = prepareRunProgress(r, live.progress);

  return (
    <div className="run-view" data-testid="run-view">
      <RunHeader run={r} progress={progress} live={live.progress} connected={live.connected} />
      <Panel name="official metrics">
        <OfficialMetrics summary={r.summary} status={r.status} running={isLive} />
      </Panel>
      {r.summary ? (
        <Panel name="failure-mode dashboard">
          <FailureModeDashboard summary={r.summary} definitions={definitions.data ?? []} />
        </Panel>
      ) : null}
      <Panel name="items table">
        <ItemsTable runId={runId} onOpen={setOpenItem} live={isLive} />
      </Panel>
      <Drawer open={openItem !== null} title={openItem ? `Example ${openItem}` : ""} onClose={() => setOpenItem(null)}>
        {openItem ? (
          <Panel name="trace">
            <TraceView runId={runId} exampleId={openItem} definitions={definitions.data ?? []} />
          </Panel>
        ) : null}
      </Drawer>
    </div>
  );
}
