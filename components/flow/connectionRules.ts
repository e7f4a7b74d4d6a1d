import { portOfHandle } from "./graphConversion";

/**
 * The editor's side of the server's graph rules (server/pipeline/validateGraph.ts): an output may
 * feed an input of the same port type, an input takes one edge, and the graph stays acyclic.
 * The server checks the same rules again before saving and running.
 */

export type PortInfo = { name: string; type: string };
export type KindPorts = { inputs: readonly PortInfo[]; outputs: readonly PortInfo[] };
/** Ports of a node kind at a version; undefined for kinds the studio does not know. */
export type KindLookup = (kind: string, version: number) => KindPorts | undefined;

export type ConnectionAttempt = {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
};

type NodeLike = { id: string; data: { kind: string; version: number } };
type EdgeLike = { id?: string; source: string; target: string; targetHandle?: string | null };

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

export function kindKey(kind: string, version: number): string {
  return `${kind}@${version}`;
}

/** True when `to` can already reach `from` along the edges, i.e. from -> to would close a cycle. */
export function wouldCreateCycle(from: string, to: string, edges: readonly EdgeLike[]): boolean {
  if (from === to) return true;
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>([to]);
  const stack = [to];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === from) return true;
    for (const n of next.get(node) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}

export function checkConnection(
  attempt: ConnectionAttempt,
  nodes: readonly NodeLike[],
  edges: readonly EdgeLike[],
  lookup: KindLookup,
): ConnectionCheck {
  const source = nodes.find((n) => n.id === attempt.source);
  const target = nodes.find((n) => n.id === attempt.target);
  if (!source || !target) return { ok: false, reason: "Both ends must be nodes of this pipeline." };
  if (source.id === target.id) return { ok: false, reason: "A node cannot feed itself." };
  const fromPort = portOfHandle(attempt.sourceHandle, "out");
  const toPort = portOfHandle(attempt.targetHandle, "in");
  if (!fromPort || !toPort) return { ok: false, reason: "Connect an output (right side) to an input (left side)." };
  const outputs = lookup(source.data.kind, source.data.version)?.outputs ?? [];
  const inputs = lookup(target.data.kind, target.data.version)?.inputs ?? [];
  const out = outputs.find((p) => p.name === fromPort);
  const inp = inputs.find((p) => p.name === toPort);
  if (!out) return { ok: false, reason: `${source.id} has no output "${fromPort}".` };
  if (!inp) return { ok: false, reason: `${target.id} has no input "${toPort}".` };
  if (out.type !== inp.type) {
    return { ok: false, reason: `${capitalize(withArticle(out.type))} output cannot feed ${withArticle(inp.type)} input.` };
  }
  const taken = edges.some((e) => e.target === target.id && portOfHandle(e.targetHandle, "in") === toPort);
  if (taken) return { ok: false, reason: `Input "${toPort}" of ${target.id} is already connected; remove that edge first.` };
  if (wouldCreateCycle(source.id, target.id, edges)) {
    return { ok: false, reason: `Connecting ${source.id} to ${target.id} would create a cycle.` };
  }
  return { ok: true };
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
