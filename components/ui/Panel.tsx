"use client";

import type { ReactNode } from "react";
import { ErrorBoundary, type FallbackProps } from "react-error-boundary";

function PanelError({ error, resetErrorBoundary, name }: FallbackProps & { name: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <section className="card panel-error" role="alert" data-testid="panel-error">
      <p className="error small">
        The {name} could not be shown: {message}
      </p>
      <button type="button" className="btn small" onClick={resetErrorBoundary}>
        Try again
      </button>
    </section>
  );
}

/**
 * One part of a page that fails on its own: a record it cannot draw (a damaged summary, an
 * unexpected value) shows its error in place of the panel, and the rest of the page works.
 */
export function Panel({ name, children }: { name: string; children: ReactNode }) {
  return <ErrorBoundary fallbackRender={(props) => <PanelError {...props} name={name} />}>{children}</ErrorBoundary>;
}
