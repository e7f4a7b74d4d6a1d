/**
 * Services a node executor may use. Kept as an interface so the executor can be driven by runs,
 * the CLI or tests with different wiring; the concrete wiring lives in server/runs.
 */
export type NodeServices = Record<string, never>;
