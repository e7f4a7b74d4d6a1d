"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";

type Imported = { kind: "run"; runId: string } | { kind: "experiment"; experimentId: string };

/**
 * Imports a run or experiment bundle exported by another studio, then opens what came in. The file
 * is streamed to /api/bundles as the request body (bundles can be far larger than an API call).
 */
export function ImportRunBundle() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onFile(file: File) {
    setError(null);
    setPending(true);
    try {
      const response = await fetch(`/api/bundles?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: file,
      });
      if (!response.ok) {
        setError(await response.text());
        return;
      }
      const imported = (await response.json()) as Imported;
      void queryClient.invalidateQueries();
      router.push(imported.kind === "run" ? `/runs/${imported.runId}` : `/experiments/${imported.experimentId}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="import-bundle">
      <label className="btn small">
        {pending ? "Importing…" : "Import bundle"}
        <input
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-bundle-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void onFile(file);
            e.target.value = "";
          }}
        />
      </label>
      {error ? <span className="error small pre-line">{error}</span> : null}
    </span>
  );
}
