"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { uploadFile } from "./uploadFile";

const SPLITS = ["dev", "train", "test"] as const;
const TASKS = ["LaMP-1", "LaMP-2", "LaMP-2N", "LaMP-3", "LaMP-4", "LaMP-5", "LaMP-6", "LaMP-7"] as const;

/** "dev_questions.json" → "dev"; else dev. */
function splitOf(fileName: string): (typeof SPLITS)[number] {
  return SPLITS.find((s) => fileName.toLowerCase().startsWith(s)) ?? "dev";
}

/**
 * Import a LaMP questions file (and its outputs file, for golds): both are streamed to the server,
 * then imported by the same importer as `npm run cli -- import`, whose located errors show here.
 */
export function ImportDatasetDialog() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [questions, setQuestions] = useState<File | null>(null);
  const [outputs, setOutputs] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [split, setSplit] = useState<(typeof SPLITS)[number]>("dev");
  const [task, setTask] = useState<string>("");
  const [progress, setProgress] = useState<string | null>(null);
  const [fraction, setFraction] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const importUploaded = useMutation(trpc.datasets.importUploaded.mutationOptions());

  function chooseQuestions(file: File | null) {
    setQuestions(file);
    if (file) {
      setSplit(splitOf(file.name));
      if (!name) setName(file.name.replace(/\.json$/i, "").replace(/_questions$/i, ""));
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!questions) return;
    setError(null);
    try {
      const total = questions.size + (outputs?.size ?? 0);
      setProgress(`Uploading ${questions.name}…`);
      const q = await uploadFile(questions, (f) => setFraction((f * questions.size) / total));
      let o: { id: string } | undefined;
      if (outputs) {
        setProgress(`Uploading ${outputs.name}…`);
        o = await uploadFile(outputs, (f) => setFraction((questions.size + f * outputs.size) / total));
      }
      setFraction(1);
      setProgress("Importing (checking every record)…");
      const result = await importUploaded.mutateAsync({
        name: name.trim(),
        split,
        task: task ? (task as (typeof TASKS)[number]) : undefined,
        questionsUpload: q.id,
        outputsUpload: o?.id,
      });
      void queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() });
      router.push(`/datasets/${result.datasetId}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn primary" onClick={() => setOpen(true)} data-testid="import-dataset">
        Import LaMP files
      </button>
    );
  }
  return (
    <form className="card form-card import-dialog" onSubmit={(e) => void onSubmit(e)} data-testid="import-dataset-form">
      <h2>Import LaMP files</h2>
      <p className="muted small">
        The questions file (e.g. <code>dev_questions.json</code>) and, for golds, its outputs file (<code>dev_outputs.json</code>). Every record is
        checked; a problem is reported with its file, record and field, and nothing is stored.
      </p>
      <label>
        Questions file
        <input type="file" accept=".json,application/json" required onChange={(e) => chooseQuestions(e.target.files?.[0] ?? null)} data-testid="import-questions" />
      </label>
      <label>
        Outputs file (optional)
        <input type="file" accept=".json,application/json" onChange={(e) => setOutputs(e.target.files?.[0] ?? null)} data-testid="import-outputs" />
      </label>
      <div className="row wrap gap">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="import-name" />
        </label>
        <label>
          Split
          <select value={split} onChange={(e) => setSplit(e.target.value as (typeof SPLITS)[number])}>
            {SPLITS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select value={task} onChange={(e) => setTask(e.target.value)}>
            <option value="">from the files</option>
            {TASKS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
      </div>
      {progress ? (
        <div data-testid="import-progress">
          <ProgressBar fraction={fraction} failedFraction={0} label={progress} />
          <p className="small muted">{progress}</p>
        </div>
      ) : null}
      {error ? (
        <p className="error pre-line" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      <div className="row gap">
        <button type="submit" className="btn primary" disabled={!questions || progress !== null} data-testid="import-submit">
          Import
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)} disabled={progress !== null}>
          Close
        </button>
      </div>
    </form>
  );
}
