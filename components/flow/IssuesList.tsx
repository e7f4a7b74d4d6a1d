"use client";

import type { GraphIssueInfo } from "@/components/providers/apiTypes";

export function IssuesList({ issues, checking, onSelectNode }: { issues: readonly GraphIssueInfo[]; checking: boolean; onSelectNode: (id: string) => void }) {
  if (issues.length === 0) {
    return <p className="ok-text">{checking ? "Checking…" : "No issues: this pipeline can be saved and run."}</p>;
  }
  return (
    <ul className="issue-list" data-testid="issue-list">
      {issues.map((issue, i) => (
        <li key={i}>
          {issue.nodeId ? (
            <button type="button" className="link-btn" onClick={() => onSelectNode(issue.nodeId!)}>
              {issue.nodeId}
            </button>
          ) : (
            <strong>Pipeline</strong>
          )}
          : {issue.message}
        </li>
      ))}
    </ul>
  );
}
