"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";

type Provider = "openai-compatible" | "local-gguf";
type FormState = {
  name: string;
  provider: Provider;
  baseUrl: string;
  model: string;
  apiKey: string;
  continuation: string;
  modelPath: string;
  maxConcurrency: string;
};

const EMPTY: FormState = {
  name: "default",
  provider: "openai-compatible",
  baseUrl: "http://127.0.0.1:8000/v1",
  model: "",
  apiKey: "",
  continuation: "auto",
  modelPath: "",
  maxConcurrency: "4",
};

/** The model endpoints runs use: one form for any OpenAI-compatible server or a local GGUF file. */
export function EndpointSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery(trpc.settings.endpoints.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.endpoints.queryKey() });
  const save = useMutation(trpc.settings.saveEndpoint.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.settings.deleteEndpoint.mutationOptions({ onSuccess: refresh }));
  const check = useMutation(trpc.settings.checkEndpoint.mutationOptions());
  const [form, setForm] = useState<FormState>(EMPTY);
  const [keepKey, setKeepKey] = useState(false);
  const set = (key: keyof FormState) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const config =
      form.provider === "openai-compatible"
        ? { name: form.name, provider: form.provider, baseUrl: form.baseUrl, model: form.model, continuation: form.continuation, maxConcurrency: Number(form.maxConcurrency) }
        : { name: form.name, provider: form.provider, modelPath: form.modelPath, model: form.model || undefined, maxConcurrency: Number(form.maxConcurrency) };
    save.mutate({ config, apiKey: keepKey && form.apiKey === "" ? undefined : form.apiKey === "" ? null : form.apiKey });
    setForm({ ...form, apiKey: "" });
  }

  return (
    <>
      <section className="card">
        <h2>Endpoints</h2>
        {endpoints.isPending ? <p className="muted">Loading…</p> : null}
        {endpoints.data && endpoints.data.length === 0 ? (
          <p className="muted">No model configured: pipelines without a model (the profile baseline) still run.</p>
        ) : null}
        {endpoints.data && endpoints.data.length > 0 ? (
          <table className="table inner" data-testid="endpoint-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Where</th>
                <th>Model</th>
                <th>Key</th>
                <th>Continuation</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {endpoints.data.map((e) => (
                <tr key={e.name}>
                  <td>
                    <strong>{e.name}</strong>
                    <div className="small muted">{e.source === "saved" ? "saved here" : "from environment variables"}</div>
                  </td>
                  <td className="small">{e.provider === "local-gguf" ? e.modelPath : e.baseUrl}</td>
                  <td>{e.model}</td>
                  <td>{e.hasApiKey ? "stored (hidden)" : "none"}</td>
                  <td>{e.continuation}</td>
                  <td className="actions">
                    <button type="button" className="btn small" disabled={check.isPending} onClick={() => check.mutate({ name: e.name })}>
                      Test
                    </button>
                    {e.source === "saved" ? (
                      <>
                        <button
                          type="button"
                          className="link-btn small"
                          onClick={() => {
                            setForm({
                              ...EMPTY,
                              name: e.name,
                              provider: e.provider as Provider,
                              baseUrl: e.baseUrl ?? "",
                              model: e.model ?? "",
                              continuation: e.continuation ?? "auto",
                              modelPath: e.modelPath ?? "",
                              maxConcurrency: String(e.maxConcurrency ?? 4),
                            });
                            setKeepKey(e.hasApiKey);
                          }}
                        >
                          edit
                        </button>
                        <button type="button" className="link-btn small" onClick={() => remove.mutate({ name: e.name })}>
                          delete
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {check.data ? (
          <p className={check.data.ok ? "small" : "error small"} data-testid="endpoint-check">
            {check.data.ok
              ? `Answered "${check.data.answer}" in ${check.data.latencyMs} ms${check.data.reasoning ? " (with a reasoning trace)" : ""}.`
              : check.data.error}
          </p>
        ) : null}
        {check.error ? <p className="error small">{check.error.message}</p> : null}
      </section>

      <section className="card form-card">
        <h2>Add or update an endpoint</h2>
        <form onSubmit={onSubmit}>
          <label className="field">
            <span className="field-label">Name</span>
            <input value={form.name} onChange={set("name")} required />
            <p className="field-help">&quot;default&quot; is what runs use unless a node names another endpoint.</p>
          </label>
          <label className="field">
            <span className="field-label">Kind</span>
            <select value={form.provider} onChange={set("provider")}>
              <option value="openai-compatible">OpenAI-compatible server (OpenAI, DeepSeek, vLLM, Ollama, llama.cpp)</option>
              <option value="local-gguf">Local GGUF file (run in-process)</option>
            </select>
          </label>
          {form.provider === "openai-compatible" ? (
            <>
              <label className="field">
                <span className="field-label">Base URL</span>
                <input value={form.baseUrl} onChange={set("baseUrl")} placeholder="http://127.0.0.1:8000/v1" required />
              </label>
              <label className="field">
                <span className="field-label">Model</span>
                <input value={form.model} onChange={set("model")} placeholder="deepseek-ai/DeepSeek-R1-Distill-Qwen-7B" required />
              </label>
              <label className="field">
                <span className="field-label">API key</span>
                <input type="password" value={form.apiKey} onChange={set("apiKey")} autoComplete="off" placeholder={keepKey ? "leave empty to keep the stored key" : "only if the server needs one"} />
                <p className="field-help">Stored encrypted on the server; it is never sent back to the browser, logged or exported.</p>
              </label>
              <label className="field">
                <span className="field-label">Continuation (for reasoning intervention)</span>
                <select value={form.continuation} onChange={set("continuation")}>
                  <option value="auto">auto (detect)</option>
                  <option value="vllm">vLLM continue_final_message</option>
                  <option value="deepseek-prefix">DeepSeek prefix completion</option>
                  <option value="completions-raw">raw /completions with a chat template</option>
                  <option value="none">none (no RPI)</option>
                </select>
              </label>
            </>
          ) : (
            <>
              <label className="field">
                <span className="field-label">GGUF file on the server</span>
                <input value={form.modelPath} onChange={set("modelPath")} placeholder="/models/Qwen3-0.6B-Q8_0.gguf" required />
              </label>
              <label className="field">
                <span className="field-label">Model name (optional)</span>
                <input value={form.model} onChange={set("model")} />
              </label>
            </>
          )}
          <label className="field">
            <span className="field-label">Requests at once</span>
            <input value={form.maxConcurrency} onChange={set("maxConcurrency")} inputMode="numeric" />
          </label>
          <button type="submit" className="btn primary" disabled={save.isPending}>
            Save endpoint
          </button>
          {save.error ? <p className="field-error">{save.error.message}</p> : null}
          {save.isSuccess ? <p className="small muted">Saved {save.data.name}.</p> : null}
        </form>
      </section>
    </>
  );
}
