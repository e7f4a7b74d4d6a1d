import { z } from "zod";
import { defineNode } from "./defineNode";

export const exampleNode = defineNode({
  kind: "example",
  version: 1,
  title: "Example",
  category: "input",
  description:
    "One dataset example as the run feeds it: the task input and the user's profile. The gold output is never on this port; only the score node sees it.",
  inputs: [],
  outputs: [{ name: "example", type: "example", description: "Task, input text and the user's profile items." }],
  params: z.object({}),
  async run(_inputs, _params, ctx) {
    return { example: ctx.example };
  },
});
