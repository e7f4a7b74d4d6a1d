"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { RunDetail } from "@/components/providers/apiTypes";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { absoluteTime } from "@/components/ui/time";
import { formatCount, formatDuration } from "@/components/charts/formatValue";
import type { RunProgressView } from "@/components/charts/prepareRunProgress";
import type { LiveProgress } from "./useRunLive";
import { ExportPredictions } from "./ExportPredictions";
import { RunEndpoints } from "./RunEndpoints";
import { useAccess, useCan } from "@/components/auth/AccessProvider";
import { SharePanel } from "@/components/sharing/SharePanel";
import { RunManage } from "./RunManage";

export function RunHeader({ run, progress, live, connected }: { run: RunDetail; progress: RunProgressView; live: LiveProgress | null; connected: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: run.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
  };
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSettled: refresh }));
  const resume = useMutation(trpc.runs.resume.mutationOptions({ onSettled: refresh }));
  const tokens = live
    ? { prompt: live.promptTokens, completion: live.completionTokens, reasoning: live.reasoningTokens }
    : { prompt: run.promptTokens, completion: run.completionTokens, reasoning: run.reasoningTokens };
  const elapsed = run.startedAt ? (run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now()) - new Date(run.startedAt).getTime() : null;
  const concurrencyCap = run.concurrencyCap;
  // A completed run with failed items can be resumed too: resume retries exactly those.
  const { shared } = useAccess();
  const canAct = useCan("editor");
  const canResume = canAct && !run.active && run.status !== "queued" && (run.status !== "completed" || run.failedItems > 0);
  const mutationError = cancel.error?.message ?? resume.error?.message;

  return (
    <section className="run-header card" data-testid="run-header">
      <div className="run-header-top">
        <div>
          {shared ? null : (
            <div className="muted small">
              <Link href="/runs">Runs</Link> /
            </div>
          )}
          <h1>{run.name || run.id}</h1>
          <div className="run-meta">
            <span>
              Pipeline{" "}
              {shared ? (
                <strong>
                  {run.pipelineVersion.pipeline.name} v{run.pipelineVersion.version}
                </strong>
              ) : (
                <Link href={`/pipelines/${run.pipelineVersion.pipeline.id}?version=${run.pipelineVersion.id}`}>
                  {run.pipelineVersion.pipeline.name} v{run.pipelineVersion.version}
                </Link>
              )}
            </span>
            <span>
              Dataset <strong>{run.dataset.name}</strong> <span className="badge">{run.dataset.task}</span>
            </span>
            <span title={absoluteTime(run.createdAt)}>Created {absoluteTime(run.createdAt)}</span>
          </div>
        </div>
        <div className="run-actions">
          {shared ? null : <SharePanel kind="run" target={run.id} />}
          {canAct ? <RunManage runId={run.id} name={run.name} inExperiment={run.experimentId !== null} active={run.active} /> : null}
          {!shared && run.doneItems > 0 && !run.active ? <ExportPredictions runId={run.id} task={run.dataset.task} complete={run.status === "completed" && run.failedItems === 0} /> : null}
          <StatusBadge status={run.status} />
          {canAct && run.active ? (
            <button type="button" className="btn danger" onClick={() => cancel.mutate({ id: run.id })} disabled={cancel.isPending} data-testid="cancel-run">
              {cancel.isPending ? "Cancelling…" : "Cancel"}
            </button>
          ) : null}
          {canResume ? (
            <button type="button" className="btn" onClick={() => resume.mutate({ id: run.id })} disabled={resume.isPending} data-testid="resume-run">
              {resume.isPending ? "Resuming…" : "Resume"}
            </button>
          ) : null}
        </div>
      </div>

      <div className="run-progress">
        <ProgressBar fraction={progress.fraction} failedFraction={progress.total > 0 ? progress.failed / progress.total : 0} label="Run progress" />
        <div className="run-progress-text small">
          <strong data-testid="run-progress-label">{progress.label}</strong> items
          {progress.inFlight > 0 ? <span className="muted"> · {progress.inFlight} in flight</span> : null}
          {progress.etaMs !== null && run.status === "running" ? <span className="muted"> · about {formatDuration(progress.etaMs)} left</span> : null}
          {elapsed !== null ? <span className="muted"> · {run.finishedAt ? "took" : "running for"} {formatDuration(elapsed)}</span> : null}
          {connected ? <span className="live-dot" title="Live updates connected" /> : null}
        </div>
      </div>

      <dl className="facts">
        <div>
          <dt>Tokens</dt>
          <dd>
            {formatCount(tokens.prompt)} prompt · {formatCount(tokens.completion)} completion · {formatCount(tokens.reasoning)} reasoning
          </dd>
        </div>
        <div>
          <dt>Model endpoints</dt>
          <dd data-testid="run-endpoint">
            <RunEndpoints config={run.config} />
          </dd>
        </div>
        <div>
          <dt>Settings</dt>
          <dd>
            seed {run.config.seed} · concurrency {run.config.concurrency}
            {concurrencyCap ? (
              <span className="warn-text" data-testid="concurrency-cap">
                {" "}
                (capped at {concurrencyCap.cap}: endpoint {concurrencyCap.endpoint} allows {concurrencyCap.cap} requests at a time)
              </span>
            ) : null}{" "}
            · cache {run.config.useCache ? "on" : "off"}
            {run.config.limit ? ` · first ${run.config.limit} examples` : ""}
            {run.config.profileSource === "own" ? null : (
              <span className="warn-text" data-testid="run-profile-source">
                {" "}
                · profile: {run.config.profileSource === "other" ? "another user's (counterfactual)" : "none (counterfactual)"}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {run.error ? <p className="error">{run.error}</p> : null}
      {mutationError ? <p className="error pre-line">{mutationError}</p> : null}
      {resume.error?.message.includes("re-pin the run") ? (
        <button type="button" className="btn" onClick={() => resume.mutate({ id: run.id, repin: true })} disabled={resume.isPending} data-testid="repin-run">
          Re-pin to the endpoints as they are now and resume
        </button>
      ) : null}
    </section>
  );
}
