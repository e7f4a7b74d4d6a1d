"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { ConfirmButton } from "@/components/ui/ConfirmButton";

/** Rename and delete a run (editors); a run of an experiment is deleted with its experiment. */
export function RunManage({ runId, name, inExperiment, active }: { runId: string; name: string; inExperiment: boolean; active: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const rename = useMutation(trpc.runs.rename.mutationOptions({ onSuccess: () => (setDraft(null), refresh()) }));
  const remove = useMutation(trpc.runs.delete.mutationOptions({ onSuccess: () => (refresh(), router.push("/runs")) }));
  const error = rename.error ?? remove.error;
  return (
    <span className="run-manage row gap wrap">
      {draft === null ? (
        <button type="button" className="btn small" onClick={() => setDraft(name)} data-testid="run-rename">
          Rename
        </button>
      ) : (
        <form
          className="row gap"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ id: runId, name: draft });
          }}
        >
          <input value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={200} aria-label="Run name" data-testid="run-rename-input" />
          <button type="submit" className="btn small primary" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" className="btn small" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      )}
      {!inExperiment && !active ? (
        <ConfirmButton
          label="Delete…"
          question="Delete this run and its items?"
          confirmLabel="Delete"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: runId })}
          testId="run-delete"
        />
      ) : null}
      {error ? <span className="error small">{error.message}</span> : null}
    </span>
  );
}
