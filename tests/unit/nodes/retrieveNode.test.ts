import { describe, expect, it } from "vitest";
import { exampleSeed, retrieveNode } from "../../../server/nodes/retrieve";
import type { ItemsValue } from "../../../server/pipeline/portValues";
import type { ProfileItem } from "../../../server/pipeline/nodeContext";
import { makeExample, newsInput, nodeContext, runNode } from "../../support/pipelineFixtures";

const PROFILE: ProfileItem[] = Array.from({ length: 30 }, (_, i) => ({
  id: `p${i}`,
  title: `Story ${i}`,
  text: `Text of story number ${i}`,
  category: i % 2 === 0 ? "politics" : "sports",
}));

async function pick(exampleId: string, seed: number, params: Record<string, unknown> = {}): Promise<string[]> {
  const example = makeExample("LaMP-2N", newsInput("A story."), PROFILE, exampleId);
  const out = await runNode(retrieveNode, { example }, { method: "random", k: 5, ...params }, nodeContext({ example, seed }));
  return (out.items as ItemsValue).items.map((i) => i.id);
}

describe("retrieve node: random retrieval is seeded per run and example", () => {
  it("same run seed and example -> the same picks, whatever ran before", async () => {
    const first = await pick("ex-A", 7);
    await pick("ex-B", 7); // another example in between must not shift ex-A's picks
    await pick("ex-C", 99);
    expect(await pick("ex-A", 7)).toEqual(first);
    expect(first).toHaveLength(5);
  });

  it("a different example or a different run seed generally picks differently", async () => {
    const base = await pick("ex-A", 7);
    const others = await Promise.all(["ex-B", "ex-C", "ex-D", "ex-E"].map((id) => pick(id, 7)));
    // 5 picks out of 30 with replacement: four other examples all repeating ex-A's exact sequence
    // would mean the seed ignores the example.
    expect(others.filter((o) => o.join() !== base.join()).length).toBeGreaterThan(0);
    const reseeded = await Promise.all([8, 9, 10].map((s) => pick("ex-A", s)));
    expect(reseeded.filter((o) => o.join() !== base.join()).length).toBeGreaterThan(0);
  });

  it("the per-example seed depends on the run seed and the LaMP example id only", () => {
    expect(exampleSeed(7, { exampleId: "ex-A" })).toBe(exampleSeed(7, { exampleId: "ex-A" }));
    expect(exampleSeed(7, { exampleId: "ex-A" })).not.toBe(exampleSeed(7, { exampleId: "ex-B" }));
    expect(exampleSeed(7, { exampleId: "ex-A" })).not.toBe(exampleSeed(8, { exampleId: "ex-A" }));
  });

  it("without replacement the picks are distinct profile items", async () => {
    const ids = await pick("ex-A", 7, { withReplacement: false, k: 10 });
    expect(new Set(ids).size).toBe(10);
  });

  it("k = 0 retrieves nothing and reports method none", async () => {
    const example = makeExample("LaMP-2N", newsInput("A story."), PROFILE, "ex-A");
    const out = (await runNode(retrieveNode, { example }, { method: "bm25", k: 0 }, nodeContext({ example }))).items as ItemsValue;
    expect(out).toEqual({ method: "none", query: "", items: [] });
  });

  it("bm25 ranks by the LaMP-2N query (text after 'article:') and gives ranks 1..k", async () => {
    const example = makeExample("LaMP-2N", newsInput("story number 17"), PROFILE, "ex-A");
    const out = (await runNode(retrieveNode, { example }, { method: "bm25", k: 3 }, nodeContext({ example }))).items as ItemsValue;
    expect(out.query).toBe("story number 17");
    // Only p17 contains the token "17"; every item contains "story" and "number" equally.
    expect(out.items[0]).toMatchObject({ id: "p17", index: 17, rank: 1 });
    expect(out.items.map((i) => i.rank)).toEqual([1, 2, 3]);
  });
});
