/** A signal's user-facing definition, collapsed behind its title so dashboards stay calm. */
export function Definition({ text, direction }: { text: string; direction?: string }) {
  if (!text) return null;
  return (
    <details className="definition">
      <summary>Definition</summary>
      <p>
        {text}
        {direction ? <span className="muted"> {direction}.</span> : null}
      </p>
    </details>
  );
}
