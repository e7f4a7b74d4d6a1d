/** A thin progress bar; `failedFraction` is drawn after the done part in the danger colour. */
export function ProgressBar({ fraction, failedFraction = 0, label }: { fraction: number; failedFraction?: number; label?: string }) {
  const done = Math.max(0, Math.min(1, fraction - failedFraction));
  const failed = Math.max(0, Math.min(1 - done, failedFraction));
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} aria-label={label}>
      <div className="progress-done" style={{ width: `${done * 100}%` }} />
      <div className="progress-failed" style={{ width: `${failed * 100}%` }} />
    </div>
  );
}
