"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { downloadJson } from "@/components/ui/downloadJson";

/**
 * Downloads the run's answers as an official LaMP predictions file (extracted or raw answers), or
 * the whole run as a bundle another studio can import.
 */
export function ExportPredictions({ runId, task, complete }: { runId: string; task: string; complete: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download(answer: "extracted" | "raw") {
    setError(null);
    setBusy(true);
    try {
      const file = await queryClient.fetchQuery(trpc.runs.predictions.queryOptions({ id: runId, answer, allowMissing: !complete }));
      downloadJson(file, `${task.replace("-", "_")}_predictions_${runId}${answer === "raw" ? "_raw" : ""}.json`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function downloadBundle() {
    setError(null);
    setBusy(true);
    try {
      downloadJson(await queryClient.fetchQuery(trpc.runs.exportBundle.queryOptions({ id: runId })), `reaper-run-${runId}.json`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export-predictions">
      <button type="button" className="btn small" disabled={busy} onClick={() => void download("extracted")} title="Official LaMP predictions file of the extracted answers">
        Export predictions
      </button>
      <button type="button" className="link-btn small" disabled={busy} onClick={() => void download("raw")} title="The same file with the raw answers (before extraction)">
        raw
      </button>
      <button type="button" className="link-btn small" disabled={busy} onClick={() => void downloadBundle()} title="The whole run (pipeline, examples, results) for another studio to import; never any key">
        bundle
      </button>
      {error ? <span className="error small">{error}</span> : null}
    </span>
  );
}
