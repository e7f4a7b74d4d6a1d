"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { RenameInline } from "@/components/ui/RenameInline";

/** Rename and delete a run (editors); a run of an experiment is deleted with its experiment. */
export function RunManage({ runId, name, inExperiment, active }: { runId: string; name: string; inExperiment: boolean; active: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const rename = useMutation(trpc.runs.rename.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.runs.delete.mutationOptions({ onSuccess: () => (refresh(), router.push("/runs")) }));
  const error = rename.error ?? remove.error;
  return (
    <span className="run-manage row gap wrap">
      <RenameInline name={name} maxLength={200} pending={rename.isPending} onSave={(next) => rename.mutate({ id: runId, name: next })} testId="run-rename" />
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
