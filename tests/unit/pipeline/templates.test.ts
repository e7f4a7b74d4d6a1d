import { describe, expect, it } from "vitest";
import { PIPELINE_TEMPLATES } from "../../../server/pipelines/templates";
import { validateGraph } from "../../../server/pipeline/validateGraph";
import { nodeRegistry } from "../../../server/nodes/registry";
import { describeNodeKinds } from "../../../server/nodes/describeNodeKinds";

describe("shipped pipeline templates", () => {
  it.each(PIPELINE_TEMPLATES.map((t) => [t.key, t] as const))("%s is a runnable graph", (_key, template) => {
    const result = validateGraph(template.graph, nodeRegistry, { requireScoreNode: true });
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it("covers the five pipelines users start from, and only the profile baseline runs without a model", () => {
    expect(PIPELINE_TEMPLATES.map((t) => t.key)).toEqual(["profile-baseline", "lamp-no-profile", "rag-k4", "reasoning-vanilla", "reaper"]);
    expect(PIPELINE_TEMPLATES.filter((t) => !t.needsModel).map((t) => t.key)).toEqual(["profile-baseline"]);
    const kinds = (key: string) => PIPELINE_TEMPLATES.find((t) => t.key === key)!.graph.nodes.map((n) => n.kind);
    expect(kinds("profile-baseline")).not.toContain("generate");
    expect(kinds("reaper")).toEqual(expect.arrayContaining(["self-reference", "prompt"]));
    const reaperPrompt = PIPELINE_TEMPLATES.find((t) => t.key === "reaper")!.graph.nodes.find((n) => n.kind === "prompt")!;
    expect(reaperPrompt.params).toEqual({ template: "hrt" });
  });
});

describe("node kind descriptions for the editor", () => {
  it("describe every registered kind with ports, a JSON schema with descriptions, and defaults that validate", () => {
    const { kinds, portTypes } = describeNodeKinds();
    expect(kinds.map((k) => k.kind).sort()).toEqual(
      ["baseline", "example", "extract-answer", "generate", "intervene", "prompt", "retrieve", "score", "self-reference", "think-budget"].sort(),
    );
    for (const k of kinds) {
      for (const p of [...k.inputs, ...k.outputs]) expect(Object.keys(portTypes)).toContain(p.type);
      expect(k.paramsSchema).toMatchObject({ type: "object" });
    }
    const retrieve = kinds.find((k) => k.kind === "retrieve")!;
    expect(retrieve.defaults).toMatchObject({ method: "bm25", k: 4, k1: 1.5, b: 0.75, epsilon: 0.25 });
    const props = (retrieve.paramsSchema as { properties: Record<string, { description?: string }> }).properties;
    expect(props.k.description).toMatch(/profile items/);
  });
});
