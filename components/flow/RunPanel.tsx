"use client";

import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";

export type ProfileSource = "own" | "other" | "none";
export type RunRequest = {
  datasetId: string;
  limit?: number;
  seed: number;
  concurrency: number;
  useCache: boolean;
  profileSource: ProfileSource;
  name?: string;
};

const PROFILE_SOURCE_HELP: Record<ProfileSource, string> = {
  own: "Each example with its own user's profile.",
  other: "Counterfactual: each example shows another user's profile (a derangement of the users, by seed; never its own).",
  none: "Counterfactual: no profile at all.",
};

/** Choose a dataset and run settings; the editor saves unsaved changes first, then starts the run. */
export function RunPanel({
  usesModel,
  blockedReason,
  dirty,
  busy,
  error,
  onRun,
}: {
  usesModel: boolean;
  blockedReason: string | null;
  dirty: boolean;
  busy: boolean;
  error: string | null;
  onRun: (request: RunRequest) => void;
}) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const endpoint = useQuery(trpc.runs.endpoint.queryOptions());
  const [datasetId, setDatasetId] = useState("");
  const [limit, setLimit] = useState("");
  const [seed, setSeed] = useState("0");
  const [concurrency, setConcurrency] = useState("4");
  const [useCache, setUseCache] = useState(true);
  const [profileSource, setProfileSource] = useState<ProfileSource>("own");
  const [name, setName] = useState("");

  useEffect(() => {
    if (datasetId === "" && datasets.data && datasets.data.length > 0) setDatasetId(datasets.data[0]!.id);
  }, [datasets.data, datasetId]);

  const dataset = datasets.data?.find((d) => d.id === datasetId);
  const limitNumber = limit.trim() === "" ? undefined : Number(limit);
  const seedNumber = Number(seed);
  const concurrencyNumber = Number(concurrency);
  const formError =
    limitNumber !== undefined && (!Number.isInteger(limitNumber) || limitNumber < 1)
      ? "Limit must be a whole number ≥ 1 (or empty for all examples)."
      : !Number.isInteger(seedNumber)
        ? "Seed must be a whole number."
        : !Number.isInteger(concurrencyNumber) || concurrencyNumber < 1 || concurrencyNumber > 64
          ? "Concurrency must be between 1 and 64."
          : null;

  return (
    <form
      className="run-panel"
      data-testid="run-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (formError || blockedReason || !datasetId) return;
        onRun({ datasetId, limit: limitNumber, seed: seedNumber, concurrency: concurrencyNumber, useCache, profileSource, name: name.trim() || undefined });
      }}
    >
      <label className="field">
        <span className="field-label">Dataset</span>
        <select value={datasetId} onChange={(e) => setDatasetId(e.target.value)} data-testid="run-dataset">
          {(datasets.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} · {d.exampleCount} examples
            </option>
          ))}
        </select>
        {dataset?.description ? <span className="field-help">{dataset.description}</span> : null}
      </label>
      <div className="field-grid">
        <label className="field">
          <span className="field-label">Limit</span>
          <input type="text" inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder={dataset ? `all ${dataset.exampleCount}` : "all"} data-testid="run-limit" />
          <span className="field-help">First N examples (file order).</span>
        </label>
        <label className="field">
          <span className="field-label">Seed</span>
          <input type="text" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
          <span className="field-help">Random retrieval and sampling.</span>
        </label>
        <label className="field">
          <span className="field-label">Concurrency</span>
          <input type="text" inputMode="numeric" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
          <span className="field-help">Examples at once.</span>
        </label>
      </div>
      <label className="field">
        <span className="field-label">Profile</span>
        <select value={profileSource} onChange={(e) => setProfileSource(e.target.value as ProfileSource)} data-testid="run-profile-source">
          <option value="own">Own user&apos;s profile</option>
          <option value="other">Another user&apos;s profile</option>
          <option value="none">No profile</option>
        </select>
        <span className="field-help">{PROFILE_SOURCE_HELP[profileSource]}</span>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={useCache} onChange={(e) => setUseCache(e.target.checked)} />
        <span>Reuse cached model responses</span>
      </label>
      <label className="field">
        <span className="field-label">Run name (optional)</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="pipeline vN on dataset" />
      </label>

      <div className="endpoint-box">
        <span className="field-label">Model endpoint</span>
        {endpoint.isPending ? (
          <span className="muted small">…</span>
        ) : endpoint.data ? (
          <span className="small">
            <code>{endpoint.data.model}</code> via {endpoint.data.provider}
            {endpoint.data.baseUrl ? <span className="muted"> at {endpoint.data.baseUrl}</span> : null}
          </span>
        ) : (
          <span className="small muted">None configured on the server.</span>
        )}
      </div>
      {usesModel && endpoint.data === null ? (
        <p className="warning small">This pipeline calls a model, but no endpoint is configured: its items will fail. Configure one on the server, or run a pipeline without model nodes.</p>
      ) : null}

      {formError ? <p className="error small">{formError}</p> : null}
      {blockedReason ? <p className="error small">{blockedReason}</p> : null}
      {error ? <p className="error small">{error}</p> : null}
      <button type="submit" className="btn primary wide" disabled={busy || !!formError || !!blockedReason || !datasetId} data-testid="start-run">
        {busy ? "Starting…" : dirty ? "Save and run" : "Run"}
      </button>
      {dirty ? <p className="muted small">Unsaved changes are saved as a new version first; runs always point at a saved version.</p> : null}
    </form>
  );
}
