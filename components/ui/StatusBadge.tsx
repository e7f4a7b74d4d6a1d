const STATUS_CLASS: Record<string, string> = {
  queued: "status-queued",
  running: "status-running",
  completed: "status-completed",
  failed: "status-failed",
  cancelled: "status-cancelled",
  interrupted: "status-interrupted",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status ${STATUS_CLASS[status] ?? ""}`} data-testid="run-status">
      {status}
    </span>
  );
}
