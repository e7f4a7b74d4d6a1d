import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** Types of what the tRPC API returns, for components (type-only: nothing from server/ is bundled). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type NodeKindInfo = RouterOutputs["nodes"]["list"]["kinds"][number];
export type GraphIssueInfo = RouterOutputs["pipelines"]["validate"]["issues"][number];
export type RunDetail = RouterOutputs["runs"]["get"];
export type RunSummaryInfo = NonNullable<RunDetail["summary"]>;
export type FailureModeAggregatesInfo = NonNullable<RunSummaryInfo["failureModes"]>;
export type ItemTraceInfo = RouterOutputs["runs"]["item"]["trace"];
export type DefinitionInfo = RouterOutputs["failureModes"]["definitions"][number];
