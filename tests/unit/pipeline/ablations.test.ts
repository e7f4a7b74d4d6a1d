import { describe, expect, it } from "vitest";
import { ABLATIONS, deriveAblation } from "../../../server/pipelines/ablations";
import { findTemplate } from "../../../server/pipelines/templates";
import { validateGraph } from "../../../server/pipeline/validateGraph";
import { nodeRegistry } from "../../../server/nodes/registry";
import type { PipelineGraphInput } from "../../../server/pipeline/graphSchema";

const reaper = findTemplate("reaper")!.graph;
const nodeOf = (graph: PipelineGraphInput, id: string) => graph.nodes.find((n) => n.id === id)!;
const paramsOf = (graph: PipelineGraphInput, id: string) => (nodeOf(graph, id).params ?? {}) as Record<string, unknown>;

/** Node ids whose kind or params differ between the two graphs, and edges only one has. */
function differences(a: PipelineGraphInput, b: PipelineGraphInput) {
  const nodes = a.nodes.filter((n) => JSON.stringify([n.kind, n.params]) !== JSON.stringify([nodeOf(b, n.id).kind, nodeOf(b, n.id).params])).map((n) => n.id);
  const key = (e: NonNullable<PipelineGraphInput["edges"]>[number]) => `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
  const edgesA = new Set((a.edges ?? []).map(key));
  const edgesB = new Set((b.edges ?? []).map(key));
  return { nodes, onlyInA: [...edgesA].filter((e) => !edgesB.has(e)), onlyInB: [...edgesB].filter((e) => !edgesA.has(e)) };
}

describe("ReaPer ablations", () => {
  it("every derived graph validates for a run", () => {
    for (const ablation of ABLATIONS) {
      const result = validateGraph(deriveAblation(reaper, ablation), nodeRegistry, { requireScoreNode: true });
      expect(result.ok, `${ablation}: ${result.ok ? "" : result.issues.map((i) => i.message).join("; ")}`).toBe(true);
    }
  });

  it("each differs from the full pipeline only where its part is", () => {
    expect(differences(reaper, deriveAblation(reaper, "full"))).toEqual({ nodes: [], onlyInA: [], onlyInB: [] });

    const noHrt = deriveAblation(reaper, "without-hrt");
    expect(differences(reaper, noHrt)).toEqual({ nodes: ["prompt"], onlyInA: [], onlyInB: [] });
    expect(paramsOf(noHrt, "prompt")).toEqual({ ...paramsOf(reaper, "prompt"), stageInstructions: false });

    const noRpi = deriveAblation(reaper, "without-rpi");
    expect(differences(reaper, noRpi)).toEqual({ nodes: ["srm"], onlyInA: [], onlyInB: [] });
    expect(paramsOf(noRpi, "srm")).toEqual({ ...paramsOf(reaper, "srm"), useIntervention: false });

    // One candidate under RPI: the SRM node becomes an intervene node with the candidates' sampling.
    const noSrm = deriveAblation(reaper, "without-srm");
    expect(differences(reaper, noSrm)).toEqual({ nodes: ["srm"], onlyInA: [], onlyInB: [] });
    expect(nodeOf(noSrm, "srm").kind).toBe("intervene");
    expect(paramsOf(noSrm, "srm")).toEqual({ temperature: 0.6, maxTokens: 4096 });
  });

  it("vanilla is the shipped vanilla template: the same prompt without stages, sampling and limit, one plain call", () => {
    const vanilla = deriveAblation(reaper, "vanilla");
    const shipped = findTemplate("reasoning-vanilla")!.graph;
    expect(nodeOf(vanilla, "srm")).toMatchObject({ kind: "generate", params: { temperature: 0.6, maxTokens: 4096 } });
    expect(paramsOf(vanilla, "prompt")).toEqual(paramsOf(shipped, "prompt"));
    expect(paramsOf(vanilla, "srm")).toEqual(paramsOf(shipped, "generate"));
    expect(paramsOf(vanilla, "retrieve")).toEqual(paramsOf(shipped, "retrieve"));
    // The example no longer feeds the generator (a plain generate has no example input).
    expect((vanilla.edges ?? []).some((e) => e.to.node === "srm" && e.to.port === "example")).toBe(false);
  });

  it("an ablation with nothing to remove is refused, naming the part", () => {
    const rag = findTemplate("rag-k4")!.graph;
    expect(() => deriveAblation(rag, "without-srm")).toThrow(/No self-reference/);
    expect(() => deriveAblation(rag, "without-rpi")).toThrow(/No reasoning intervention/);
    expect(() => deriveAblation(rag, "without-hrt")).toThrow(/No HRT prompt/);
  });
});
