"use client";

import type { DragEvent } from "react";
import type { NodeKindInfo } from "@/components/providers/apiTypes";
import { CATEGORY_COLORS, CATEGORY_ORDER, CATEGORY_TITLES } from "./portColors";
import { kindKey } from "./connectionRules";

export const PALETTE_DRAG_TYPE = "application/x-reaper-node-kind";

function groupByCategory(kinds: readonly NodeKindInfo[]): [string, NodeKindInfo[]][] {
  const groups = new Map<string, NodeKindInfo[]>();
  for (const k of kinds) groups.set(k.category, [...(groups.get(k.category) ?? []), k]);
  const rank = (c: string) => (CATEGORY_ORDER.indexOf(c) === -1 ? 99 : CATEGORY_ORDER.indexOf(c));
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Node kinds by category; click adds a node in the middle of the canvas, drag drops it where you want. */
export function NodePalette({ kinds, onAdd }: { kinds: readonly NodeKindInfo[]; onAdd: (kind: NodeKindInfo) => void }) {
  const onDragStart = (e: DragEvent, kind: NodeKindInfo) => {
    e.dataTransfer.setData(PALETTE_DRAG_TYPE, kindKey(kind.kind, kind.version));
    e.dataTransfer.effectAllowed = "move";
  };
  return (
    <div className="palette" data-testid="node-palette">
      <div className="panel-title">Nodes</div>
      <p className="muted small palette-help">Click or drag onto the canvas.</p>
      {groupByCategory(kinds).map(([category, list]) => (
        <section key={category} className="palette-group">
          <h3>
            <span className="dot" style={{ background: CATEGORY_COLORS[category] ?? "#868e96" }} />
            {CATEGORY_TITLES[category] ?? category}
          </h3>
          {list.map((k) => (
            <button
              type="button"
              key={kindKey(k.kind, k.version)}
              className="palette-item"
              draggable
              onDragStart={(e) => onDragStart(e, k)}
              onClick={() => onAdd(k)}
              title={k.description}
              data-testid="palette-item"
            >
              <span className="palette-item-title">{k.title}</span>
              <span className="palette-item-kind">{k.kind}</span>
            </button>
          ))}
        </section>
      ))}
    </div>
  );
}
