import { NodeRegistry } from "../pipeline/nodeRegistry";
import type { AnyNodeDefinition } from "../pipeline/nodeDefinition";
import { exampleNode } from "./example";
import { retrieveNode } from "./retrieve";
import { promptNode } from "./prompt";
import { generateNode } from "./generate";
import { interveneNode } from "./intervene";
import { selfReferenceNode } from "./selfReference";
import { thinkBudgetNode } from "./thinkBudget";
import { extractAnswerNode } from "./extractAnswer";
import { baselineNode } from "./baseline";
import { scoreNode } from "./score";

/** Every node kind the studio ships; adding a kind = one file in server/nodes + one line here. */
export const NODE_DEFINITIONS: AnyNodeDefinition[] = [
  exampleNode,
  retrieveNode,
  promptNode,
  generateNode,
  interveneNode,
  selfReferenceNode,
  thinkBudgetNode,
  extractAnswerNode,
  baselineNode,
  scoreNode,
];

export const nodeRegistry = new NodeRegistry(NODE_DEFINITIONS);
