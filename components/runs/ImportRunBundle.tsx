"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";

/** Imports a run bundle exported by another studio, then opens the imported run. */
export function ImportRunBundle() {
  const trpc = useTRPC();
  const router = useRouter();
  const importBundle = useMutation(trpc.runs.importBundle.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  async function onFile(file: File) {
    setError(null);
    let bundle: unknown;
    try {
      bundle = JSON.parse(await file.text());
    } catch (e) {
      setError(`${file.name} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    try {
      const imported = await importBundle.mutateAsync({ bundle });
      router.push(`/runs/${imported.runId}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <span className="import-bundle">
      <label className="btn small">
        {importBundle.isPending ? "Importing…" : "Import run bundle"}
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
      {error ? <span className="error small">{error}</span> : null}
    </span>
  );
}
