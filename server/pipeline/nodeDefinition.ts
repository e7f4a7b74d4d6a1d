import type { z } from "zod";
import type { NodeContext } from "./nodeContext";
import type { PortSpec } from "./portTypes";
import type { PortValueOf } from "./portValues";

export type NodeCategory =
  | "input"
  | "retrieval"
  | "reasoning-template"
  | "generation"
  | "intervention"
  | "post-process"
  | "scoring";

/** A node's inputs by port name, each its port type's value; an optional port may be absent or undefined. */
export type NodeInputs<TPorts extends readonly PortSpec[] = readonly PortSpec[]> = {
  [P in TPorts[number] as P extends { optional: true } ? never : P["name"]]: PortValueOf<P["type"]>;
} & {
  [P in TPorts[number] as P extends { optional: true } ? P["name"] : never]?: PortValueOf<P["type"]> | undefined;
};

/** A node's outputs by port name, each its port type's value. */
export type NodeOutputs<TPorts extends readonly PortSpec[] = readonly PortSpec[]> = {
  [P in TPorts[number] as P["name"]]: PortValueOf<P["type"]>;
};

/**
 * One node kind: what the editor shows (title, ports, param form from the zod schema and its
 * descriptions) and what the server runs. Executors honour ctx.signal and report through ctx.emit.
 * Build one with defineNode (server/nodes/defineNode.ts), which types `run` from the ports.
 */
export type NodeDefinition<
  TInputs extends readonly PortSpec[],
  TOutputs extends readonly PortSpec[],
  TParams extends z.ZodType,
> = {
  kind: string;
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: TInputs;
  outputs: TOutputs;
  params: TParams;
  // Method syntax on purpose: its parameters are compared bivariantly, so every typed definition is
  // an AnyNodeDefinition. Sound because validateGraph only lets a port receive its own type's value.
  run(inputs: NodeInputs<TInputs>, params: z.output<TParams>, ctx: NodeContext): Promise<NodeOutputs<TOutputs>>;
};

/** A node kind as the registry and the executor hold it, whatever its ports and params. */
export type AnyNodeDefinition = NodeDefinition<readonly PortSpec[], readonly PortSpec[], z.ZodType>;
