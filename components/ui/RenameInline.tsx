"use client";

import { useState } from "react";

/** "Rename" that turns into a name field with Save / Cancel; `onSave` resolves when the name is stored. */
export function RenameInline({ name, maxLength, pending, onSave, testId }: { name: string; maxLength: number; pending: boolean; onSave: (name: string) => void; testId: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null) {
    return (
      <button type="button" className="btn small" onClick={() => setDraft(name)} data-testid={testId}>
        Rename
      </button>
    );
  }
  return (
    <form
      className="row gap"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
        setDraft(null);
      }}
    >
      <input value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={maxLength} aria-label="New name" data-testid={`${testId}-input`} />
      <button type="submit" className="btn small primary" disabled={pending}>
        Save
      </button>
      <button type="button" className="btn small" onClick={() => setDraft(null)}>
        Cancel
      </button>
    </form>
  );
}
