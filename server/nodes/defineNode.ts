import type { z } from "zod";
import type { PortSpec } from "../pipeline/portTypes";
import type { NodeDefinition } from "../pipeline/nodeDefinition";

/**
 * Declares a node kind. The ports are read as literal types, so `run` receives each input as its
 * port type's value (PortValueOf) and must return every output likewise: no casts in node files.
 */
export function defineNode<
  const TInputs extends readonly PortSpec[],
  const TOutputs extends readonly PortSpec[],
  TParams extends z.ZodType,
>(definition: NodeDefinition<TInputs, TOutputs, TParams>): NodeDefinition<TInputs, TOutputs, TParams> {
  for (const side of [definition.inputs, definition.outputs]) {
    const seen = new Set<string>();
    for (const p of side) {
      if (seen.has(p.name)) throw new Error(`Node ${definition.kind}: port "${p.name}" is declared twice.`);
      seen.add(p.name);
    }
  }
  if (definition.inputs.length + definition.outputs.length === 0) throw new Error(`Node ${definition.kind} declares no ports.`);
  return definition;
}
