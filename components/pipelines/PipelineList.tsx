"use client";

import { IfCan } from "@/components/auth/AccessProvider";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { absoluteTime, relativeTime } from "@/components/ui/time";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import type { PipelineGraph } from "@/server/pipeline/graphSchema";

/** A start for "New pipeline" that is not a template: just the example node. */
const EMPTY_GRAPH: PipelineGraph = {
  schemaVersion: 1,
  nodes: [{ id: "example", kind: "example", version: 1, params: {}, position: { x: 0, y: 100 } }],
  edges: [],
};

export function PipelineList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const pipelines = useQuery(trpc.pipelines.list.queryOptions({ archived: showArchived }));
  const refreshList = () => void queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.pathKey() });
  const archive = useMutation(trpc.pipelines.archive.mutationOptions({ onSuccess: refreshList }));
  const remove = useMutation(trpc.pipelines.delete.mutationOptions({ onSuccess: refreshList }));
  const manageError = archive.error ?? remove.error;
  const templates = useQuery(trpc.pipelines.templates.queryOptions());
  const [creating, setCreating] = useState<{ fromId: string } | null>(null);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.pipelines.create.mutationOptions());

  const templateInfo = useMemo(() => new Map((templates.data ?? []).map((t, i) => [t.key, { ...t, order: i }])), [templates.data]);
  const sorted = useMemo(() => {
    const rows = [...(pipelines.data ?? [])];
    // Templates first in their catalogue order, then the user's pipelines, newest first.
    return rows.sort((a, b) => {
      const ta = a.templateKey ? (templateInfo.get(a.templateKey)?.order ?? 50) : 100;
      const tb = b.templateKey ? (templateInfo.get(b.templateKey)?.order ?? 50) : 100;
      return ta - tb || new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime();
    });
  }, [pipelines.data, templateInfo]);
  const templateRows = sorted.filter((p) => p.templateKey);

  function startCreate(fromId: string) {
    const from = sorted.find((p) => p.id === fromId);
    setCreating({ fromId });
    setName(from ? uniqueName(`${from.name} (copy)`, sorted.map((p) => p.name)) : "");
    setDescription(from?.description ?? "");
    setError(null);
  }

  async function submit() {
    if (!creating) return;
    setError(null);
    try {
      let graph: unknown = EMPTY_GRAPH;
      if (creating.fromId !== "") {
        const source = await queryClient.fetchQuery(trpc.pipelines.get.queryOptions({ id: creating.fromId }));
        graph = source.version.graph;
      }
      const saved = await create.mutateAsync({ name: name.trim(), description: description.trim() || undefined, graph });
      await queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
      router.push(`/pipelines/${saved.pipelineId}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  if (pipelines.isPending) return <p className="muted">Loading pipelines…</p>;
  if (pipelines.isError) return <p className="error">Could not load pipelines: {pipelines.error.message}</p>;

  return (
    <>
      <IfCan role="editor">
        <div className="toolbar">
          <button type="button" className="btn primary" onClick={() => startCreate(templateRows[0]?.id ?? "")} data-testid="new-pipeline">
            New pipeline
          </button>
        </div>
      </IfCan>

      {creating ? (
        <form
          className="card form-card"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>New pipeline</h2>
          <label className="field">
            <span className="field-label">Start from</span>
            <select value={creating.fromId} onChange={(e) => startCreate(e.target.value)}>
              {sorted.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.templateKey ? "Template: " : ""}
                  {p.name}
                </option>
              ))}
              <option value="">Empty (one example node)</option>
            </select>
            <span className="field-help">The new pipeline starts as a copy of the latest version of this one.</span>
          </label>
          <label className="field">
            <span className="field-label">Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoFocus />
          </label>
          <label className="field">
            <span className="field-label">Description</span>
            <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} />
          </label>
          {error ? <p className="error">{error}</p> : null}
          <div className="row gap">
            <button type="submit" className="btn primary" disabled={create.isPending || name.trim() === ""}>
              {create.isPending ? "Creating…" : "Create and open"}
            </button>
            <button type="button" className="btn" onClick={() => setCreating(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}

      <div className="row gap small">
        <label className="row gap">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} data-testid="show-archived" /> Show archived pipelines
        </label>
        {manageError ? <span className="error">{manageError.message}</span> : null}
      </div>
      <table className="table" data-testid="pipeline-table">
        <thead>
          <tr>
            <th>Pipeline</th>
            <th>Kind</th>
            <th className="num">Latest</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => {
            const t = p.templateKey ? templateInfo.get(p.templateKey) : undefined;
            return (
              <tr key={p.id} data-testid="pipeline-row">
                <td>
                  <Link href={`/pipelines/${p.id}`} className="strong-link">
                    {p.name}
                  </Link>
                  {p.description ? <div className="muted small">{p.description}</div> : null}
                </td>
                <td>
                  {p.templateKey ? <span className="badge">template</span> : <span className="badge neutral">custom</span>}{" "}
                  {t ? <span className={`tag ${t.needsModel ? "" : "tag-ok"}`}>{t.needsModel ? "needs a model" : "runs offline"}</span> : null}
                </td>
                <td className="num">v{p.latestVersion}</td>
                <td title={absoluteTime(p.updatedAt)}>{relativeTime(p.updatedAt)}</td>
                <td className="actions">
                  <IfCan role="editor">
                    <span className="row gap">
                      <button type="button" className="btn small" onClick={() => startCreate(p.id)}>
                        Copy
                      </button>
                      <button type="button" className="btn small" onClick={() => archive.mutate({ id: p.id, archived: !p.archivedAt })} data-testid="pipeline-archive">
                        {p.archivedAt ? "Unarchive" : "Archive"}
                      </button>
                      <ConfirmButton
                        label="Delete…"
                        question="Delete this pipeline and its versions?"
                        confirmLabel="Delete"
                        pending={remove.isPending}
                        onConfirm={() => remove.mutate({ id: p.id })}
                        testId="pipeline-delete"
                      />
                    </span>
                  </IfCan>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function uniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} ${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}
