import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineNode } from "../../../server/nodes/defineNode";
import { scoreNode } from "../../../server/nodes/score";
import type { NodeInputs, NodeOutputs } from "../../../server/pipeline/nodeDefinition";
import type { PipelineExample } from "../../../server/pipeline/nodeContext";
import type { AnswerValue, CompletionValue, ItemsValue, MessagesValue, ScoresValue } from "../../../server/pipeline/portValues";
import { makeExample, nodeContext, retrievedItems, runNode } from "../../support/pipelineFixtures";

// The type assertions are checked by `tsc --noEmit` (part of npm test); the runtime ones by vitest.
const joinIds = defineNode({
  kind: "join-ids",
  version: 1,
  title: "Join ids",
  category: "post-process",
  description: "The retrieved item ids as the answer.",
  inputs: [
    { name: "items", type: "items", description: "" },
    { name: "example", type: "example", description: "", optional: true },
  ],
  outputs: [{ name: "answer", type: "answer", description: "" }],
  params: z.object({ separator: z.string().default(",") }),
  async run(inputs, p) {
    expectTypeOf(inputs.items).toEqualTypeOf<ItemsValue>();
    expectTypeOf(inputs.example).toEqualTypeOf<PipelineExample | undefined>();
    expectTypeOf(p).toEqualTypeOf<{ separator: string }>();
    // @ts-expect-error only declared ports are inputs
    void inputs.messages;
    const text = inputs.items.items.map((r) => r.id).join(p.separator);
    return { answer: { text, raw: text, reasoning: inputs.example?.input ?? "", extraction: "none" } };
  },
});

describe("defineNode", () => {
  it("types run's inputs and outputs from the declared ports", async () => {
    expectTypeOf<Parameters<typeof joinIds.run>[0]>().toEqualTypeOf<NodeInputs<typeof joinIds.inputs>>();
    expectTypeOf<Awaited<ReturnType<typeof joinIds.run>>>().toEqualTypeOf<NodeOutputs<typeof joinIds.outputs>>();
    expectTypeOf<NodeOutputs<typeof joinIds.outputs>["answer"]>().toEqualTypeOf<AnswerValue>();

    const example = makeExample("LaMP-7", "hello", [{ id: "t1", text: "one" }, { id: "t2", text: "two" }]);
    const items: ItemsValue = { method: "recency", query: "", items: retrievedItems(example.profile) };
    const out = await runNode(joinIds, { items }, { separator: "+" }, nodeContext({ example }));
    expect(out.answer).toEqual({ text: "t1+t2", raw: "t1+t2", reasoning: "", extraction: "none" });
  });

  it("types a shipped node's optional inputs as possibly undefined", () => {
    type ScoreInputs = NodeInputs<typeof scoreNode.inputs>;
    expectTypeOf<ScoreInputs["example"]>().toEqualTypeOf<PipelineExample>();
    expectTypeOf<ScoreInputs["answer"]>().toEqualTypeOf<AnswerValue>();
    expectTypeOf<ScoreInputs["items"]>().toEqualTypeOf<ItemsValue | undefined>();
    expectTypeOf<ScoreInputs["messages"]>().toEqualTypeOf<MessagesValue | undefined>();
    expectTypeOf<ScoreInputs["completion"]>().toEqualTypeOf<CompletionValue | undefined>();
    expectTypeOf<NodeOutputs<typeof scoreNode.outputs>>().toEqualTypeOf<{ scores: ScoresValue }>();
  });

  it("refuses a run that returns the wrong value for an output", () => {
    defineNode({
      kind: "wrong-output",
      version: 1,
      title: "",
      category: "post-process",
      description: "",
      inputs: [],
      outputs: [{ name: "answer", type: "answer", description: "" }],
      params: z.object({}),
      // @ts-expect-error an answer port carries an AnswerValue, not a string
      async run() {
        return { answer: "text" };
      },
    });
  });

  it("rejects a port declared twice on one side", () => {
    const twice = () =>
      defineNode({
        kind: "twice",
        version: 1,
        title: "",
        category: "post-process",
        description: "",
        inputs: [
          { name: "items", type: "items", description: "" },
          { name: "items", type: "items", description: "" },
        ],
        outputs: [],
        params: z.object({}),
        async run() {
          return {};
        },
      });
    expect(twice).toThrow('Node twice: port "items" is declared twice.');
  });
});
