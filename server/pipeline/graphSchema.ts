import { z } from "zod";
import { GRAPH_LIMITS } from "./graphLimits";

/**
 * A pipeline is a versioned JSON document of our own; React Flow state is only a view of it
 * (components/flow converts both ways). Bump GRAPH_SCHEMA_VERSION with a migration in parseGraph.
 */
export const GRAPH_SCHEMA_VERSION = 1;

const nodeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "node ids use letters, digits, '_' and '-'");

/**
 * Keys a parameter (or any object inside one) cannot have: the API's serializer (superjson) refuses
 * an object with such a key, so a pipeline holding one could not be shown, and they are the keys of
 * prototype pollution. Stored JSON is read without them (server/safeJson.ts).
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function reservedKeyPaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => reservedKeyPaths(v, [...path, i]));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]: [string, unknown]) =>
    RESERVED_KEYS.has(key) ? [[...path, key]] : reservedKeyPaths(v, [...path, key]),
  );
}

// Checked on the value as given: a record parse assigns every key, and assigning "__proto__" sets
// the object's prototype instead of keeping the key, so the key would vanish silently.
const paramsSchema = z
  .custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "expected an object of parameters")
  .superRefine((params, ctx) => {
    for (const path of reservedKeyPaths(params, [])) {
      const key = String(path[path.length - 1]);
      ctx.addIssue({ code: "custom", path, message: `"${key}" is a reserved name and cannot be a parameter name or key` });
    }
  })
  .pipe(z.record(z.string(), z.unknown()));

export const graphNodeSchema = z.object({
  id: nodeId,
  kind: z.string().min(1).max(64),
  version: z.number().int().min(1).max(1000),
  label: z.string().max(120).optional(),
  params: paramsSchema.default({}),
  position: z.object({ x: z.number().min(-1e9).max(1e9), y: z.number().min(-1e9).max(1e9) }).default({ x: 0, y: 0 }),
});

export const portRefSchema = z.object({ node: nodeId, port: z.string().min(1).max(64) });

export const graphEdgeSchema = z.object({ from: portRefSchema, to: portRefSchema });

export const pipelineGraphSchema = z.object({
  schemaVersion: z.literal(GRAPH_SCHEMA_VERSION),
  nodes: z
    .array(graphNodeSchema)
    .min(1, "a pipeline needs at least one node")
    .max(GRAPH_LIMITS.nodes, `a pipeline has at most ${GRAPH_LIMITS.nodes} nodes`),
  edges: z.array(graphEdgeSchema).max(GRAPH_LIMITS.edges, `a pipeline has at most ${GRAPH_LIMITS.edges} edges`).default([]),
});

export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type PipelineGraph = z.infer<typeof pipelineGraphSchema>;
export type PipelineGraphInput = z.input<typeof pipelineGraphSchema>;
