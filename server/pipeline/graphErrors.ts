import { DomainError } from "../errors";
import type { GraphRuleCode } from "./graphRules";

/** One problem in a pipeline graph, located as precisely as possible. */
export type GraphIssue = {
  code: "schema" | "duplicate_node" | "unknown_kind" | "unknown_version" | "invalid_params" | GraphRuleCode | "missing_input" | "no_answer";
  message: string;
  nodeId?: string;
  port?: string;
  path?: string;
};

export class InvalidGraphError extends DomainError {
  override name = "InvalidGraphError";
  readonly code = "BAD_REQUEST";
  constructor(readonly issues: GraphIssue[]) {
    super(`Invalid pipeline graph:\n${issues.map((i) => `- ${i.message}`).join("\n")}`);
  }
}
