"use client";

import type { GraphIssueInfo, NodeKindInfo } from "@/components/providers/apiTypes";
import type { PipelineFlowNode } from "./graphConversion";
import { ParamsForm } from "./ParamsForm";
import { portColor } from "./portColors";

/** The side panel for the selected node: what it is, its ports, its params form and its issues. */
export function NodeInspector({
  node,
  kind,
  issues,
  onParams,
  onLabel,
  onDelete,
}: {
  node: PipelineFlowNode;
  kind: NodeKindInfo | undefined;
  issues: readonly GraphIssueInfo[];
  onParams: (params: Record<string, unknown>) => void;
  onLabel: (label: string) => void;
  onDelete: () => void;
}) {
  const general = issues.filter((i) => !i.path);
  return (
    <div className="inspector" data-testid="node-inspector">
      <div className="inspector-head">
        <div>
          <h2>{kind?.title ?? node.data.kind}</h2>
          <div className="muted small">
            <code>{node.data.kind}</code> v{node.data.version} · id <code>{node.id}</code>
          </div>
        </div>
        <button type="button" className="btn small danger" onClick={onDelete} title="Delete this node and its edges">
          Delete
        </button>
      </div>
      {kind ? <p className="inspector-desc">{kind.description}</p> : <p className="error">This studio does not know node kind “{node.data.kind}”.</p>}

      {general.length > 0 ? (
        <ul className="issue-list compact">
          {general.map((i, n) => (
            <li key={n}>{i.message}</li>
          ))}
        </ul>
      ) : null}

      <label className="field">
        <span className="field-label">Label</span>
        <input type="text" value={node.data.label ?? ""} placeholder={kind?.title ?? ""} maxLength={120} onChange={(e) => onLabel(e.target.value)} />
      </label>

      {kind && (kind.inputs.length > 0 || kind.outputs.length > 0) ? (
        <div className="ports-table">
          {kind.inputs.map((p) => (
            <div key={`in-${p.name}`} className="ports-row">
              <span className="port-chip" style={{ borderColor: portColor(p.type), color: portColor(p.type) }}>
                in · {p.type}
              </span>
              <span>
                <strong>{p.name}</strong>
                {p.optional ? <span className="muted"> (optional)</span> : null} <span className="muted small">{p.description}</span>
              </span>
            </div>
          ))}
          {kind.outputs.map((p) => (
            <div key={`out-${p.name}`} className="ports-row">
              <span className="port-chip" style={{ borderColor: portColor(p.type), color: portColor(p.type) }}>
                out · {p.type}
              </span>
              <span>
                <strong>{p.name}</strong> <span className="muted small">{p.description}</span>
              </span>
            </div>
          ))}
        </div>
      ) : null}

      <h3 className="section-title">Parameters</h3>
      {kind ? <ParamsForm key={node.id} schema={kind.paramsSchema} params={node.data.params} onChange={onParams} issues={issues} /> : null}
    </div>
  );
}
