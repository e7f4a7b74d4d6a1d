"use client";

import { useEffect, useMemo, useState, type ReactNode } from "react";
import {
  effectiveValue,
  fieldsOf,
  getAt,
  parseNumberInput,
  parseStringList,
  setAt,
  type FieldSpec,
} from "./schemaFields";

type Params = Record<string, unknown>;
type FieldIssue = { path?: string; message: string };

type FieldProps = {
  field: FieldSpec;
  params: Params;
  onChange: (next: Params) => void;
  issues: readonly FieldIssue[];
};

/** A form generated from a node kind's params JSON Schema; writes sparse params (defaults stay implicit). */
export function ParamsForm({ schema, params, onChange, issues = [] }: { schema: unknown; params: Params; onChange: (next: Params) => void; issues?: readonly FieldIssue[] }) {
  const fields = useMemo(() => fieldsOf(schema), [schema]);
  if (fields.length === 0) return <p className="muted small">This node has no parameters.</p>;
  return (
    <div className="params-form" data-testid="params-form">
      {fields.map((f) => (
        <Field key={f.path.join(".")} field={f} params={params} onChange={onChange} issues={issues} />
      ))}
    </div>
  );
}

function Field({ field, params, onChange, issues }: FieldProps) {
  const stored = getAt(params, field.path);
  const value = effectiveValue(params, field);
  const set = (next: unknown) => onChange(setAt(params, field.path, next));
  const pathKey = field.path.join(".");
  const own = issues.filter((i) => i.path === pathKey);

  if (field.kind === "object") {
    return (
      <fieldset className="param-group">
        <legend>{field.title}</legend>
        {field.description ? <p className="field-help">{field.description}</p> : null}
        {field.fields.map((f) => (
          <Field key={f.path.join(".")} field={f} params={params} onChange={onChange} issues={issues} />
        ))}
        {own.map((i, n) => (
          <p className="field-error" key={n}>
            {i.message}
          </p>
        ))}
      </fieldset>
    );
  }

  const reset =
    stored !== undefined ? (
      <button type="button" className="link-btn" onClick={() => set(undefined)} title={field.hasDefault ? `Back to the default (${JSON.stringify(field.defaultValue)})` : "Unset"}>
        {field.hasDefault ? "reset" : "clear"}
      </button>
    ) : null;

  let control: ReactNode;
  switch (field.kind) {
    case "boolean":
      control = (
        <label className="checkbox">
          <input type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />
          <span>{value === true ? "on" : "off"}</span>
        </label>
      );
      break;
    case "enum":
      control = (
        <select value={typeof value === "string" ? value : ""} onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}>
          {!field.hasDefault ? <option value="">(not set)</option> : null}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case "string":
      control = field.multiline ? (
        <textarea
          rows={4}
          value={typeof value === "string" ? value : ""}
          placeholder={field.hasDefault ? "" : "(not set)"}
          onChange={(e) => set(e.target.value === "" && !field.hasDefault ? undefined : e.target.value)}
        />
      ) : (
        <input
          type="text"
          value={typeof value === "string" ? value : ""}
          placeholder={field.hasDefault ? "" : "(not set)"}
          onChange={(e) => set(e.target.value === "" && !field.hasDefault ? undefined : e.target.value)}
        />
      );
      break;
    case "number":
      control = <NumberInput value={typeof value === "number" ? value : undefined} integer={field.integer} min={field.min} max={field.max} onCommit={set} />;
      break;
    case "string-list":
      control = field.options ? (
        <div className="checkbox-row">
          {field.options.map((o) => {
            const list = Array.isArray(value) ? (value as string[]) : [];
            return (
              <label className="checkbox" key={o}>
                <input
                  type="checkbox"
                  checked={list.includes(o)}
                  onChange={(e) => set(e.target.checked ? [...list, o] : list.filter((x) => x !== o))}
                />
                <span>{o}</span>
              </label>
            );
          })}
        </div>
      ) : (
        <StringListInput value={Array.isArray(value) ? (value as string[]) : undefined} onCommit={set} hasDefault={field.hasDefault} />
      );
      break;
    case "json":
      control = <JsonInput value={value} onCommit={set} />;
      break;
  }

  const bounds =
    field.kind === "number" && (field.min !== undefined || field.max !== undefined)
      ? field.min !== undefined && field.max !== undefined
        ? ` (${field.min} to ${field.max})`
        : field.min !== undefined
          ? ` (≥ ${field.min})`
          : ` (≤ ${field.max})`
      : field.kind === "string-list" && !field.options
        ? field.minItems !== undefined && field.minItems === field.maxItems
          ? ` (exactly ${field.minItems}, one per line)`
          : " (one per line)"
        : "";

  return (
    <div className={`field${own.length > 0 ? " invalid" : ""}`} data-field={pathKey}>
      <div className="field-label-row">
        <span className="field-label">
          {field.title}
          <code className="field-name">{field.name}</code>
        </span>
        {reset}
      </div>
      {control}
      {field.description || bounds ? (
        <p className="field-help">
          {field.description}
          {bounds}
        </p>
      ) : null}
      {own.map((i, n) => (
        <p className="field-error" key={n}>
          {i.message}
        </p>
      ))}
    </div>
  );
}

/** Keeps the typed text while it is not yet a valid number ("0.", "-"); commits numbers, or unset for blank. */
function NumberInput({ value, integer, min, max, onCommit }: { value: number | undefined; integer: boolean; min?: number; max?: number; onCommit: (v: number | undefined) => void }) {
  const [draft, setDraft] = useState(value === undefined ? "" : String(value));
  useEffect(() => {
    const parsed = parseNumberInput(draft, integer);
    if (parsed !== value && !(parsed !== undefined && Number.isNaN(parsed))) setDraft(value === undefined ? "" : String(value));
    // Only outside changes (reset, another node) should rewrite the draft.
  }, [value]);
  const parsed = parseNumberInput(draft, integer);
  const invalid = parsed !== undefined && Number.isNaN(parsed);
  return (
    <>
      <input
        type="text"
        inputMode={integer ? "numeric" : "decimal"}
        value={draft}
        placeholder="(not set)"
        className={invalid ? "invalid" : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = parseNumberInput(e.target.value, integer);
          if (next === undefined || !Number.isNaN(next)) onCommit(next);
        }}
        aria-invalid={invalid}
        data-min={min}
        data-max={max}
      />
      {invalid ? <p className="field-error">{integer ? "Enter a whole number." : "Enter a number."}</p> : null}
    </>
  );
}

function StringListInput({ value, onCommit, hasDefault }: { value: string[] | undefined; onCommit: (v: string[] | undefined) => void; hasDefault: boolean }) {
  const [draft, setDraft] = useState((value ?? []).join("\n"));
  useEffect(() => {
    if (JSON.stringify(parseStringList(draft)) !== JSON.stringify(value ?? [])) setDraft((value ?? []).join("\n"));
  }, [value]);
  return (
    <textarea
      rows={Math.min(8, Math.max(3, (value?.length ?? 0) + 1))}
      value={draft}
      placeholder={hasDefault ? "" : "(not set: the default list applies)"}
      onChange={(e) => {
        setDraft(e.target.value);
        const list = parseStringList(e.target.value);
        onCommit(list.length === 0 && !hasDefault ? undefined : list);
      }}
    />
  );
}

function JsonInput({ value, onCommit }: { value: unknown; onCommit: (v: unknown) => void }) {
  const [draft, setDraft] = useState(value === undefined ? "" : JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea
        rows={4}
        className="mono"
        value={draft}
        placeholder="(not set) JSON value"
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim() === "") {
            setError(null);
            onCommit(undefined);
            return;
          }
          try {
            onCommit(JSON.parse(e.target.value));
            setError(null);
          } catch {
            setError("Not valid JSON yet.");
          }
        }}
      />
      {error ? <p className="field-error">{error}</p> : null}
    </>
  );
}
