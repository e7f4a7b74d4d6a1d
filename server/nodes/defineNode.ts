import type { z } from "zod";
import type { PortSpec } from "../pipeline/portTypes";
import type { NodeContext } from "./nodeContext";

export type NodeCategory =
  | "input"
  | "retrieval"
  | "reasoning-template"
  | "generation"
  | "intervention"
  | "post-process"
  | "scoring";

export type NodeInputs = Record<string, unknown>;
export type NodeOutputs = Record<string, unknown>;

/**
 * One node kind: what the editor shows (title, ports, param form from the zod schema and its
 * descriptions) and what the server runs. Executors honour ctx.signal and report through ctx.emit.
 */
export type NodeDefinition<TParams extends z.ZodType = z.ZodType> = {
  kind: string;
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params: TParams;
  run(inputs: NodeInputs, params: z.output<TParams>, ctx: NodeContext): Promise<NodeOutputs>;
};

export type AnyNodeDefinition = NodeDefinition<z.ZodType>;

export function defineNode<TParams extends z.ZodType>(definition: NodeDefinition<TParams>): NodeDefinition<TParams> {
  const names = [...definition.inputs, ...definition.outputs].map((p) => p.name);
  for (const side of [definition.inputs, definition.outputs]) {
    const seen = new Set<string>();
    for (const p of side) {
      if (seen.has(p.name)) throw new Error(`Node ${definition.kind}: port "${p.name}" is declared twice.`);
      seen.add(p.name);
    }
  }
  if (names.length === 0) throw new Error(`Node ${definition.kind} declares no ports.`);
  return definition;
}
