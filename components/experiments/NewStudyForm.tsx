"use client";

import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { formatCount } from "@/components/charts/formatValue";
import { useDebouncedValue } from "@/components/ui/useDebouncedValue";

function EndpointSelect({
  endpoints,
  value,
  onChange,
  testId,
}: {
  endpoints: ReadonlyArray<{ name: string; model: string }>;
  value: string;
  onChange: (name: string) => void;
  testId: string;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {endpoints.map((e) => (
        <option key={e.name} value={e.name}>
          {e.name} ({e.model})
        </option>
      ))}
    </select>
  );
}

/** Start a built-in study: pick it, a dataset (preselected when coming from the datasets list) and the models; its size is shown before it starts. */
export function NewStudyForm({ initialDatasetId }: { initialDatasetId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const studies = useQuery(trpc.experiments.studies.queryOptions());
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const endpoints = useQuery(trpc.settings.endpoints.queryOptions());
  const [study, setStudy] = useState("lrm-vs-llm-k");
  const [datasetId, setDatasetId] = useState(initialDatasetId ?? "");
  const [modelA, setModelA] = useState("");
  const [modelB, setModelB] = useState("");
  const [limit, setLimit] = useState("20");
  const start = useMutation(trpc.experiments.start.mutationOptions());

  useEffect(() => {
    if (datasetId === "" && datasets.data && datasets.data.length > 0) setDatasetId(datasets.data[0]!.id);
  }, [datasets.data, datasetId]);
  useEffect(() => {
    const names = endpoints.data?.map((e) => e.name) ?? [];
    if (modelA === "" && names.length > 0) setModelA(names[0]!);
    if (modelB === "" && names.length > 1) setModelB(names[1]!);
  }, [endpoints.data, modelA, modelB]);

  const twoModels = study === "lrm-vs-llm-k";
  const limitNumber = limit.trim() === "" ? undefined : Number(limit);
  const formError =
    limitNumber !== undefined && (!Number.isInteger(limitNumber) || limitNumber < 1)
      ? "Limit must be a whole number ≥ 1 (or empty for every example)."
      : (endpoints.data?.length ?? 0) === 0
        ? "No model endpoint yet: add one on the Models page."
        : twoModels && (modelB === "" || modelA === modelB)
          ? "This study compares two different models: save a second endpoint on the Models page."
          : null;
  const design = useMemo(
    () => ({ study, datasetIds: datasetId ? [datasetId] : [], endpoints: twoModels ? [modelA, modelB] : [modelA], limit: limitNumber }),
    [study, datasetId, twoModels, modelA, modelB, limitNumber],
  );
  const debounced = useDebouncedValue(design, 300);
  // Only a settled, complete design is estimated (the debounced value can lag behind the form).
  const settled = debounced === design && design.datasetIds.length > 0 && design.endpoints.every((e) => e !== "");
  const estimate = useQuery({ ...trpc.experiments.estimate.queryOptions(debounced), enabled: !formError && settled, retry: false });
  const info = studies.data?.find((s) => s.key === study);

  return (
    <form
      className="card run-panel"
      data-testid="new-study"
      onSubmit={(e) => {
        e.preventDefault();
        if (formError) return;
        start.mutate(design, {
          onSuccess: (started) => {
            void queryClient.invalidateQueries({ queryKey: trpc.experiments.list.queryKey() });
            router.push(`/experiments/${started.experimentId}`);
          },
        });
      }}
    >
      <h2>New study</h2>
      <div className="field-grid">
        <label className="field">
          <span className="field-label">Study</span>
          <select value={study} onChange={(e) => setStudy(e.target.value)} data-testid="study-select">
            {(studies.data ?? []).map((s) => (
              <option key={s.key} value={s.key}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Dataset</span>
          <select value={datasetId} onChange={(e) => setDatasetId(e.target.value)} data-testid="study-dataset">
            {(datasets.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {d.exampleCount} examples
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Limit</span>
          <input type="text" inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder="every example" />
          <span className="field-help">First N examples of the dataset.</span>
        </label>
      </div>
      {info ? <p className="muted small">{info.description}</p> : null}
      <div className="field-grid">
        <label className="field">
          <span className="field-label">{twoModels ? "Reasoning model" : "Model"}</span>
          <EndpointSelect endpoints={endpoints.data ?? []} value={modelA} onChange={setModelA} testId="study-model-a" />
        </label>
        {twoModels ? (
          <label className="field">
            <span className="field-label">General model</span>
            <EndpointSelect endpoints={endpoints.data ?? []} value={modelB} onChange={setModelB} testId="study-model-b" />
          </label>
        ) : null}
      </div>
      {formError ? <p className="warn-text small">{formError}</p> : null}
      {!formError && estimate.data ? (
        <p className="small" data-testid="study-size">
          {formatCount(estimate.data.runs)} runs · {formatCount(estimate.data.items)} items ·{" "}
          {estimate.data.modelCalls[0] === estimate.data.modelCalls[1]
            ? formatCount(estimate.data.modelCalls[0])
            : `${formatCount(estimate.data.modelCalls[0])}–${formatCount(estimate.data.modelCalls[1])}`}{" "}
          model calls (before the cache)
        </p>
      ) : null}
      {!formError && estimate.isError ? <p className="error small">{estimate.error.message}</p> : null}
      {start.isError ? <p className="error small pre-line">{start.error.message}</p> : null}
      <button type="submit" className="btn primary" disabled={!!formError || start.isPending || estimate.isError} data-testid="start-study">
        {start.isPending ? "Starting…" : "Start study"}
      </button>
    </form>
  );
}
