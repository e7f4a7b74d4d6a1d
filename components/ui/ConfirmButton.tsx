"use client";

import { useState, type ReactNode } from "react";

/** A button that asks once more ("Delete…" → the question, Yes / No) before it acts. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  pending,
  testId,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn small danger" onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-inline small" role="group">
      {question}{" "}
      <button type="button" className="btn small danger" disabled={pending} onClick={onConfirm} data-testid={testId ? `${testId}-yes` : undefined}>
        {confirmLabel}
      </button>{" "}
      <button type="button" className="btn small" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}
