"use client";

import { createContext, useContext } from "react";
import type { GraphIssueInfo, NodeKindInfo } from "@/components/providers/apiTypes";

/**
 * What custom nodes need besides their own data: node kind descriptions (ports, titles) and the
 * live validation issues. Passed by context so node data stays exactly the saved document.
 */
export type EditorContextValue = {
  kinds: ReadonlyMap<string, NodeKindInfo>;
  issuesByNode: ReadonlyMap<string, GraphIssueInfo[]>;
};

export const EditorContext = createContext<EditorContextValue>({ kinds: new Map(), issuesByNode: new Map() });

export function useEditorContext(): EditorContextValue {
  return useContext(EditorContext);
}
