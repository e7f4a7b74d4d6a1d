import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** Types of what the tRPC API returns, for components (type-only: nothing from server/ is bundled). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type NodeKindInfo = RouterOutputs["nodes"]["list"]["kinds"][number];
export type PortTypeDescriptions = RouterOutputs["nodes"]["list"]["portTypes"];
export type GraphIssueInfo = RouterOutputs["pipelines"]["validate"]["issues"][number];
export type PipelineDetail = RouterOutputs["pipelines"]["get"];
export type RunListRow = RouterOutputs["runs"]["list"][number];
export type RunDetail = RouterOutputs["runs"]["get"];
export type RunSummaryInfo = NonNullable<RunDetail["summary"]>;
export type FailureModeAggregatesInfo = NonNullable<RunSummaryInfo["failureModes"]>;
export type RunItemRow = RouterOutputs["runs"]["items"]["items"][number];
export type RunItemTrace = RouterOutputs["runs"]["item"];
export type DefinitionInfo = RouterOutputs["failureModes"]["definitions"][number];
export type DatasetInfo = RouterOutputs["datasets"]["list"][number];
