import { createHash } from "node:crypto";
import type { PipelineGraph } from "./graphSchema";

/** JSON with every object's keys sorted, at any depth: the same graph gives the same text whatever its key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/**
 * PipelineVersion.graphHash: SHA-256 (hex) of the graph (as the graph schema parses it) in canonical
 * JSON. Two versions with the same hash hold the same graph, so a bundle import reuses one.
 */
export function graphHashOf(graph: PipelineGraph): string {
  return createHash("sha256").update(canonicalJson(graph)).digest("hex");
}
