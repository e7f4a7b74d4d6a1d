"use client";

import { useState, type ReactNode } from "react";
import { splitDefinition } from "./prepareDefinition";

/** A chart with its title and the definition of what it shows (lead always visible, the rest on demand). */
export function ChartCard({ title, definition, note, actions, children, testId }: { title: string; definition: string; note?: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string }) {
  const [expanded, setExpanded] = useState(false);
  const { lead, rest } = splitDefinition(definition);
  return (
    <figure className="chart-card" data-testid={testId}>
      <figcaption>
        <div className="chart-card-head">
          <h4>{title}</h4>
          {actions}
        </div>
        {definition ? (
          <p className="chart-definition">
            {expanded ? definition : lead}
            {rest ? (
              <>
                {" "}
                <button type="button" className="link-btn" onClick={() => setExpanded((e) => !e)}>
                  {expanded ? "less" : "more"}
                </button>
              </>
            ) : null}
          </p>
        ) : null}
      </figcaption>
      {children}
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  );
}
