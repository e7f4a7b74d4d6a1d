import { z } from "zod";
import { PORT_TYPES } from "../pipeline/portTypes";
import { NODE_DEFINITIONS } from "./registry";

export type NodeKindDescription = {
  kind: string;
  version: number;
  title: string;
  category: string;
  description: string;
  inputs: { name: string; type: string; description: string; optional: boolean }[];
  outputs: { name: string; type: string; description: string }[];
  /** JSON Schema of the params (with defaults and descriptions): the editor renders forms from it. */
  paramsSchema: unknown;
  defaults: unknown;
};

/** What the editor needs to know about node kinds; it never executes a node. */
export function describeNodeKinds(): { kinds: NodeKindDescription[]; portTypes: Record<string, string> } {
  return {
    portTypes: { ...PORT_TYPES },
    kinds: NODE_DEFINITIONS.map((d) => ({
      kind: d.kind,
      version: d.version,
      title: d.title,
      category: d.category,
      description: d.description,
      inputs: d.inputs.map((p) => ({ name: p.name, type: p.type, description: p.description, optional: p.optional ?? false })),
      outputs: d.outputs.map((p) => ({ name: p.name, type: p.type, description: p.description })),
      paramsSchema: z.toJSONSchema(d.params, { io: "input", unrepresentable: "any" }),
      defaults: d.params.parse({}),
    })),
  };
}
