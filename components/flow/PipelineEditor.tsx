"use client";

import { IfCan, useCan } from "@/components/auth/AccessProvider";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import {
  addEdge,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type IsValidConnection,
} from "@xyflow/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { GraphIssueInfo, NodeKindInfo } from "@/components/providers/apiTypes";
import { useDebouncedValue } from "@/components/ui/useDebouncedValue";
import { absoluteTime } from "@/components/ui/time";
import { checkConnection, kindKey, type KindLookup } from "./connectionRules";
import { EditorContext } from "./EditorContext";
import { edgeIdOf, flowToGraph, graphToFlow, newNodeId, portOfHandle, PIPELINE_NODE_TYPE, type PipelineFlowEdge, type PipelineFlowNode } from "./graphConversion";
import { IssuesList } from "./IssuesList";
import { NodeInspector } from "./NodeInspector";
import { NodePalette, PALETTE_DRAG_TYPE } from "./NodePalette";
import { nodeTypes } from "./nodeTypes";
import { CATEGORY_COLORS, portColor } from "./portColors";
import { RunPanel, type RunRequest } from "./RunPanel";
import type { PipelineGraph } from "@/server/pipeline/graphSchema";

type Tab = "node" | "run" | "issues";

export function PipelineEditor({ pipelineId, initialVersionId }: { pipelineId: string; initialVersionId?: string }) {
  return (
    <ReactFlowProvider>
      <EditorInner pipelineId={pipelineId} initialVersionId={initialVersionId} />
    </ReactFlowProvider>
  );
}

/** A node kind "uses a model" when it has an endpoint parameter (generate, intervene, self-reference, think-budget). */
function usesModelEndpoint(kind: NodeKindInfo | undefined): boolean {
  const props = (kind?.paramsSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return !!props && "endpoint" in props;
}

function EditorInner({ pipelineId, initialVersionId }: { pipelineId: string; initialVersionId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const flow = useReactFlow<PipelineFlowNode, PipelineFlowEdge>();
  const canvasRef = useRef<HTMLDivElement>(null);

  const [versionId, setVersionId] = useState<string | undefined>(initialVersionId);
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id: pipelineId, versionId }));
  const nodeKinds = useQuery(trpc.nodes.list.queryOptions(undefined, { staleTime: Infinity }));

  const [nodes, setNodes, onNodesChange] = useNodesState<PipelineFlowNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<PipelineFlowEdge>([]);
  const [loadedVersionId, setLoadedVersionId] = useState<string | null>(null);
  const [savedJson, setSavedJson] = useState("");
  const [tab, setTab] = useState<Tab>("run");
  const [note, setNote] = useState("");
  const [hint, setHint] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [runError, setRunError] = useState<string | null>(null);

  const kinds = useMemo(() => new Map((nodeKinds.data?.kinds ?? []).map((k) => [kindKey(k.kind, k.version), k])), [nodeKinds.data]);
  const lookup = useCallback((kind: string, version: number): NodeKindInfo | undefined => kinds.get(kindKey(kind, version)), [kinds]) satisfies KindLookup;

  const graph = useMemo(() => flowToGraph(nodes, edges), [nodes, edges]);
  const graphJson = useMemo(() => JSON.stringify(graph), [graph]);
  const dirty = loadedVersionId !== null && graphJson !== savedJson;

  // Load a version into the canvas when it arrives (not when it is the graph we just saved).
  useEffect(() => {
    const data = pipeline.data;
    if (!data || data.version.id === loadedVersionId) return;
    const next = graphToFlow(data.version.graph as PipelineGraph);
    setNodes(next.nodes);
    setEdges(next.edges);
    setLoadedVersionId(data.version.id);
    setSavedJson(JSON.stringify(flowToGraph(next.nodes, next.edges)));
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1.1 }));
  }, [pipeline.data, loadedVersionId, setNodes, setEdges, flow]);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  const debouncedGraph = useDebouncedValue(graph, 300);
  const validation = useQuery({
    ...trpc.pipelines.validate.queryOptions({ graph: debouncedGraph, forRun: true }),
    enabled: loadedVersionId !== null,
    placeholderData: keepPreviousData,
  });
  const issues: GraphIssueInfo[] = validation.data?.issues ?? [];
  const checking = validation.isFetching || debouncedGraph !== graph;
  const issuesByNode = useMemo(() => {
    const map = new Map<string, GraphIssueInfo[]>();
    for (const i of issues) if (i.nodeId) map.set(i.nodeId, [...(map.get(i.nodeId) ?? []), i]);
    return map;
  }, [issues]);
  const contextValue = useMemo(() => ({ kinds, issuesByNode }), [kinds, issuesByNode]);

  const selected = nodes.find((n) => n.selected);
  const selectedId = selected?.id;
  useEffect(() => {
    if (selectedId) setTab("node");
  }, [selectedId]);

  const styledEdges = useMemo(
    () =>
      edges.map((e) => {
        const source = nodes.find((n) => n.id === e.source);
        const port = portOfHandle(e.sourceHandle, "out");
        const type = source ? lookup(source.data.kind, source.data.version)?.outputs.find((p) => p.name === port)?.type : undefined;
        return { ...e, style: { stroke: portColor(type), strokeWidth: e.selected ? 3 : 2 } };
      }),
    [edges, nodes, lookup],
  );

  const isValidConnection = useCallback<IsValidConnection<PipelineFlowEdge>>(
    (c) => checkConnection(c, flow.getNodes(), flow.getEdges(), lookup).ok,
    [flow, lookup],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const from = portOfHandle(c.sourceHandle, "out");
      const to = portOfHandle(c.targetHandle, "in");
      if (!from || !to) return;
      const id = edgeIdOf({ from: { node: c.source, port: from }, to: { node: c.target, port: to } });
      setEdges((es) => addEdge({ ...c, id }, es));
      setHint(null);
    },
    [setEdges],
  );

  // React Flow only says "invalid"; tell the user why.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromHandle || !state.toHandle || state.isValid) return;
      const a = state.fromHandle;
      const b = state.toHandle;
      const [src, dst] = a.type === "source" ? [a, b] : [b, a];
      const check = checkConnection({ source: src.nodeId, sourceHandle: src.id, target: dst.nodeId, targetHandle: dst.id }, flow.getNodes(), flow.getEdges(), lookup);
      setHint(check.ok ? null : check.reason);
    },
    [flow, lookup],
  );

  useEffect(() => {
    if (!hint) return;
    const t = setTimeout(() => setHint(null), 5000);
    return () => clearTimeout(t);
  }, [hint]);

  const addNodeAt = useCallback(
    (kind: NodeKindInfo, position: { x: number; y: number }) => {
      setNodes((ns) => {
        const id = newNodeId(kind.kind, ns.map((n) => n.id));
        const node: PipelineFlowNode = { id, type: PIPELINE_NODE_TYPE, position, data: { kind: kind.kind, version: kind.version, params: {} }, selected: true };
        return [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
      });
    },
    [setNodes],
  );

  const addNodeInView = useCallback(
    (kind: NodeKindInfo) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      const center = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      const jitter = (nodes.length % 5) * 24;
      addNodeAt(kind, { x: Math.round(center.x - 100 + jitter), y: Math.round(center.y - 40 + jitter) });
    },
    [flow, addNodeAt, nodes.length],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const key = e.dataTransfer.getData(PALETTE_DRAG_TYPE);
      const kind = kinds.get(key);
      if (!kind) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNodeAt(kind, { x: Math.round(p.x - 100), y: Math.round(p.y - 20) });
    },
    [kinds, flow, addNodeAt],
  );

  const updateNodeData = useCallback(
    (id: string, patch: Partial<PipelineFlowNode["data"]>) => setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n))),
    [setNodes],
  );

  const deleteNode = useCallback(
    (id: string) => {
      setNodes((ns) => ns.filter((n) => n.id !== id));
      setEdges((es) => es.filter((e) => e.source !== id && e.target !== id));
    },
    [setNodes, setEdges],
  );

  const selectNode = useCallback(
    (id: string) => {
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })));
      const node = flow.getNode(id);
      if (node) void flow.setCenter(node.position.x + 100, node.position.y + 60, { zoom: flow.getZoom(), duration: 300 });
    },
    [setNodes, flow],
  );

  const saveVersion = useMutation(trpc.pipelines.saveVersion.mutationOptions());
  const canRun = useCan("editor");
  const startRun = useMutation(trpc.runs.start.mutationOptions());

  async function save(noteText: string): Promise<string | null> {
    setSaveError(null);
    try {
      const saved = await saveVersion.mutateAsync({ pipelineId, graph, note: noteText.trim() || undefined });
      setSavedJson(graphJson);
      setLoadedVersionId(saved.versionId);
      setVersionId(saved.versionId);
      setNote("");
      await queryClient.invalidateQueries({ queryKey: trpc.pipelines.get.queryKey({ id: pipelineId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
      return saved.versionId;
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
      return null;
    }
  }

  async function run(request: RunRequest) {
    setRunError(null);
    let runVersionId = loadedVersionId;
    if (dirty) runVersionId = await save(note || "Saved for a run");
    if (!runVersionId) {
      setRunError("Could not save the pipeline; see the error above.");
      return;
    }
    try {
      const started = await startRun.mutateAsync({ pipelineVersionId: runVersionId, ...request });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
      router.push(`/runs/${started.runId}`);
    } catch (e) {
      setRunError(e instanceof Error ? e.message : String(e));
    }
  }

  function chooseVersion(id: string) {
    if (dirty && !window.confirm("Discard your unsaved changes and open this version?")) return;
    setVersionId(id);
    setLoadedVersionId(null);
  }

  if (pipeline.isError) return <p className="error">Could not load the pipeline: {pipeline.error.message}</p>;
  if (nodeKinds.isError) return <p className="error">Could not load node kinds: {nodeKinds.error.message}</p>;

  const data = pipeline.data;
  const usesModel = nodes.some((n) => usesModelEndpoint(lookup(n.data.kind, n.data.version)));
  const blockedReason = !validation.data
    ? "Checking the pipeline…"
    : issues.length > 0
      ? `Fix ${issues.length === 1 ? "the issue" : `the ${issues.length} issues`} first (see Issues).`
      : null;

  return (
    <EditorContext.Provider value={contextValue}>
      <div className="editor-shell" data-testid="pipeline-editor">
        <div className="editor-bar">
          <div className="editor-title">
            <Link href="/pipelines" className="muted small">
              Pipelines /
            </Link>
            <h1>{data?.name ?? "…"}</h1>
            {data?.templateKey ? <span className="badge">template</span> : null}
          </div>
          <label className="version-select">
            <span className="muted small">Version</span>
            <select value={loadedVersionId ?? ""} onChange={(e) => chooseVersion(e.target.value)} data-testid="version-select">
              {(data?.versions ?? []).map((v) => (
                <option key={v.id} value={v.id} title={absoluteTime(v.createdAt)}>
                  v{v.version}
                  {v.note ? ` · ${v.note.slice(0, 40)}` : ""}
                </option>
              ))}
            </select>
          </label>
          <span className={`validity ${issues.length > 0 ? "bad" : "good"}`} data-testid="validity">
            {checking && !validation.data ? "Checking…" : issues.length > 0 ? `${issues.length} issue${issues.length === 1 ? "" : "s"}` : "Valid"}
          </span>
          <span className="spacer" />
          <IfCan role="editor">
            {dirty ? <span className="unsaved">Unsaved changes</span> : null}
            <input className="note-input" type="text" value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changed? (version note)" maxLength={500} />
            <button type="button" className="btn primary" disabled={!dirty || saveVersion.isPending} onClick={() => void save(note)} data-testid="save-version">
              {saveVersion.isPending ? "Saving…" : "Save version"}
            </button>
          </IfCan>
        </div>
        {saveError ? <p className="error editor-error">{saveError}</p> : null}

        <div className="editor-body">
          <NodePalette kinds={nodeKinds.data?.kinds ?? []} onAdd={addNodeInView} />
          <div className="canvas" ref={canvasRef} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
            <ReactFlow<PipelineFlowNode, PipelineFlowEdge>
              nodes={nodes}
              edges={styledEdges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              deleteKeyCode={["Backspace", "Delete"]}
              minZoom={0.2}
              maxZoom={2}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} color="#dfe1e6" />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable nodeColor={(n) => CATEGORY_COLORS[lookup((n as PipelineFlowNode).data.kind, (n as PipelineFlowNode).data.version)?.category ?? ""] ?? "#adb5bd"} />
            </ReactFlow>
            {hint ? (
              <div className="canvas-hint" role="status">
                {hint}
              </div>
            ) : null}
            <PortLegend types={Object.keys(nodeKinds.data?.portTypes ?? {})} descriptions={nodeKinds.data?.portTypes ?? {}} />
          </div>
          <aside className="side-panel">
            <div className="tabs" role="tablist">
              <button type="button" role="tab" aria-selected={tab === "node"} className={tab === "node" ? "active" : ""} onClick={() => setTab("node")}>
                Node
              </button>
              <button type="button" role="tab" aria-selected={tab === "run"} className={tab === "run" ? "active" : ""} onClick={() => setTab("run")} data-testid="tab-run">
                Run
              </button>
              <button type="button" role="tab" aria-selected={tab === "issues"} className={tab === "issues" ? "active" : ""} onClick={() => setTab("issues")}>
                Issues{issues.length > 0 ? <span className="count-pill">{issues.length}</span> : null}
              </button>
            </div>
            <div className="side-content">
              {tab === "node" ? (
                selected ? (
                  <NodeInspector
                    node={selected}
                    kind={lookup(selected.data.kind, selected.data.version)}
                    issues={issuesByNode.get(selected.id) ?? []}
                    onParams={(params) => updateNodeData(selected.id, { params })}
                    onLabel={(label) => updateNodeData(selected.id, { label: label === "" ? undefined : label })}
                    onDelete={() => deleteNode(selected.id)}
                  />
                ) : (
                  <div className="empty-note">
                    <p>Select a node to edit its parameters.</p>
                    <p className="muted small">Drag from an output (right) to an input (left) of the same colour to connect. Select an edge or node and press Delete to remove it.</p>
                    {data?.description ? <p className="muted small">{data.description}</p> : null}
                  </div>
                )
              ) : null}
              {tab === "run" ? (
                canRun ? (
                  <RunPanel usesModel={usesModel} blockedReason={blockedReason} dirty={dirty} busy={startRun.isPending || saveVersion.isPending} error={runError} onRun={(r) => void run(r)} />
                ) : (
                  <p className="muted small">Running a pipeline needs the editor role.</p>
                )
              ) : null}
              {tab === "issues" ? <IssuesList issues={issues} checking={checking} onSelectNode={selectNode} /> : null}
            </div>
          </aside>
        </div>
      </div>
    </EditorContext.Provider>
  );
}

function PortLegend({ types, descriptions }: { types: string[]; descriptions: Record<string, string> }) {
  if (types.length === 0) return null;
  return (
    <div className="port-legend">
      {types.map((t) => (
        <span key={t} title={descriptions[t]}>
          <span className="dot" style={{ background: portColor(t) }} />
          {t}
        </span>
      ))}
    </div>
  );
}
