"use client";

import { memo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { inputHandleId, outputHandleId, type PipelineFlowNode } from "./graphConversion";
import { kindKey } from "./connectionRules";
import { CATEGORY_COLORS, portColor } from "./portColors";
import { useEditorContext } from "./EditorContext";

/** Set params of a node in one short line ("method=bm25, k=4"); long values are cut. */
function paramSummary(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== null && typeof v !== "object")
    .slice(0, 3)
    .map(([k, v]) => {
      const text = String(v);
      return `${k}=${text.length > 18 ? `${text.slice(0, 17)}…` : text}`;
    })
    .join(", ");
}

function PipelineNodeView({ id, data, selected }: NodeProps<PipelineFlowNode>) {
  const { kinds, issuesByNode } = useEditorContext();
  const kind = kinds.get(kindKey(data.kind, data.version));
  const issues = issuesByNode.get(id) ?? [];
  const summary = paramSummary(data.params);
  const accent = kind ? (CATEGORY_COLORS[kind.category] ?? "#868e96") : "#c92a2a";
  return (
    <div
      className={`pnode${selected ? " selected" : ""}${issues.length > 0 ? " has-issues" : ""}`}
      style={{ borderTopColor: accent }}
      data-testid="flow-node"
      data-node-id={id}
    >
      <div className="pnode-head">
        <div className="pnode-title">{data.label || kind?.title || data.kind}</div>
        <div className="pnode-kind">
          {data.kind} v{data.version}
          {id !== data.kind ? <span className="pnode-id"> · {id}</span> : null}
        </div>
        {summary ? <div className="pnode-params">{summary}</div> : null}
      </div>
      {!kind ? <div className="pnode-unknown">Unknown node kind</div> : null}
      <div className="pnode-ports">
        {(kind?.inputs ?? []).map((p) => (
          <div className="pnode-port in" key={`in-${p.name}`} title={`${p.description} (${p.type}${p.optional ? ", optional" : ""})`}>
            <Handle type="target" position={Position.Left} id={inputHandleId(p.name)} className="port-handle" style={{ background: portColor(p.type) }} />
            <span>{p.name}</span>
            {p.optional ? <span className="port-optional">optional</span> : null}
            {p.type !== p.name ? (
              <span className="port-type" style={{ color: portColor(p.type) }}>
                {p.type}
              </span>
            ) : null}
          </div>
        ))}
        {(kind?.outputs ?? []).map((p) => (
          <div className="pnode-port out" key={`out-${p.name}`} title={`${p.description} (${p.type})`}>
            {p.type !== p.name ? (
              <span className="port-type" style={{ color: portColor(p.type) }}>
                {p.type}
              </span>
            ) : null}
            <span>{p.name}</span>
            <Handle type="source" position={Position.Right} id={outputHandleId(p.name)} className="port-handle" style={{ background: portColor(p.type) }} />
          </div>
        ))}
      </div>
      {issues.length > 0 ? (
        <ul className="pnode-issues" data-testid="node-issues">
          {issues.slice(0, 3).map((issue, i) => (
            <li key={i}>{issue.message.replace(/^Node "[^"]+" \([^)]+\)(: )?/, "")}</li>
          ))}
          {issues.length > 3 ? <li>… {issues.length - 3} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

export const PipelineNode = memo(PipelineNodeView);
