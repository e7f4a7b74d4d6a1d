import type { ReactNode } from "react";

/** A chart with its title and the definition of what it shows, always visible under the title. */
export function ChartCard({ title, definition, note, actions, children, testId }: { title: string; definition: string; note?: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <figure className="chart-card" data-testid={testId}>
      <figcaption>
        <div className="chart-card-head">
          <h4>{title}</h4>
          {actions}
        </div>
        {definition ? <p className="chart-definition">{definition}</p> : null}
      </figcaption>
      {children}
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  );
}
