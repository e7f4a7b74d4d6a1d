import { describe, expect, it } from "vitest";
import { expandExperiment, modelCallsPerItem } from "../../../server/experiments/expandExperiment";
import { experimentSpecSchema, type ExperimentSpecInput } from "../../../server/experiments/experimentSpec";
import { findTemplate } from "../../../server/pipelines/templates";
import { nodeRegistry } from "../../../server/nodes/registry";

const vanilla = findTemplate("reasoning-vanilla")!.graph;
const reaper = findTemplate("reaper")!.graph;
const spec = (over: Partial<ExperimentSpecInput>) => experimentSpecSchema.parse({ name: "t", pipelineVersionId: "v", datasetIds: ["d1"], ...over });
const paramsOf = (graph: typeof vanilla, id: string) => (graph.nodes.find((n) => n.id === id)!.params ?? {}) as Record<string, unknown>;

describe("expandExperiment", () => {
  it("every combination, first factor slowest, per dataset, repetitions with consecutive seeds", () => {
    const cells = expandExperiment(
      spec({
        datasetIds: ["d1", "d2"],
        factors: [
          { kind: "endpoint", values: ["a", "b"] },
          { kind: "param", node: "retrieve", param: "k", values: [0, 4] },
        ],
        repetitions: 2,
        seed: 10,
      }),
      vanilla,
      nodeRegistry,
    );
    // 2 datasets x 2 models x 2 k x 2 repetitions.
    expect(cells).toHaveLength(16);
    expect(cells.slice(0, 8).map((c) => [c.datasetId, c.values.model, c.values["retrieve.k"], c.repetition, c.config.seed])).toEqual([
      ["d1", "a", 0, 0, 10],
      ["d1", "a", 0, 1, 11],
      ["d1", "a", 4, 0, 10],
      ["d1", "a", 4, 1, 11],
      ["d1", "b", 0, 0, 10],
      ["d1", "b", 0, 1, 11],
      ["d1", "b", 4, 0, 10],
      ["d1", "b", 4, 1, 11],
    ]);
    expect(cells.map((c) => c.index)).toEqual([...Array(16).keys()]);
    expect(cells[2]!.label).toBe("model=a · retrieve.k=4 · rep 1");
    // The model factor sets every model-calling node's endpoint; the param factor its node's parameter.
    expect(paramsOf(cells[6]!.graph, "generate").endpoint).toBe("b");
    expect(paramsOf(cells[6]!.graph, "retrieve").k).toBe(4);
    // Repetitions of a cell run the same pipeline variant; the profile factor is no graph change.
    expect(cells[0]!.variant).toBe(cells[1]!.variant);
    // Deterministic: the same design, the same cells.
    expect(expandExperiment(spec({ factors: [{ kind: "endpoint", values: ["a", "b"] }] }), vanilla, nodeRegistry).map((c) => c.label)).toEqual(["model=a", "model=b"]);
  });

  it("ablations derive the graph first, then the other factors apply; profile sources go to the run config", () => {
    const cells = expandExperiment(
      spec({ factors: [{ kind: "ablation", values: ["full", "vanilla"] }, { kind: "profileSource", values: ["own", "none"] }] }),
      reaper,
      nodeRegistry,
    );
    expect(cells.map((c) => [c.values.ablation, c.config.profileSource, c.variant])).toEqual([
      ["full", "own", "full"],
      ["full", "none", "full"],
      ["vanilla", "own", "vanilla"],
      ["vanilla", "none", "vanilla"],
    ]);
    expect(cells[2]!.graph.nodes.find((n) => n.id === "srm")!.kind).toBe("generate");
  });

  it("refuses a factor listed twice or a node the pipeline lacks, naming it", () => {
    expect(() => expandExperiment(spec({ factors: [{ kind: "endpoint", values: ["a"] }, { kind: "endpoint", values: ["b"] }] }), vanilla, nodeRegistry)).toThrow(/model is listed twice/);
    expect(() => expandExperiment(spec({ factors: [{ kind: "param", node: "rerank", param: "k", values: [1] }] }), vanilla, nodeRegistry)).toThrow(/no node "rerank"/);
    expect(() => expandExperiment(spec({ factors: [{ kind: "param", node: "retrieve", param: "k", values: [-1] }] }), vanilla, nodeRegistry)).toThrow(/cannot run/);
  });

  it("model calls per item: one generate; ReaPer's 3 candidates under RPI (up to 3 + 1 continuations each) and a synthesis", () => {
    expect(modelCallsPerItem(vanilla)).toEqual([1, 1]);
    expect(modelCallsPerItem(reaper)).toEqual([4, 3 * 5 + 1]);
    expect(modelCallsPerItem(findTemplate("profile-baseline")!.graph)).toEqual([0, 0]);
  });
});
