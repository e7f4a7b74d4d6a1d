import type { NodeTypes } from "@xyflow/react";
import { PipelineNode } from "./PipelineNode";
import { PIPELINE_NODE_TYPE } from "./graphConversion";

/** Module scope on purpose: a new object per render would make React Flow remount every node. */
export const nodeTypes: NodeTypes = { [PIPELINE_NODE_TYPE]: PipelineNode };
