/** One colour per port type, shared by handles, edges and the legend. */
const PORT_COLORS: Record<string, string> = {
  example: "#3b5bdb",
  items: "#0c8599",
  messages: "#e67700",
  completion: "#9c36b5",
  answer: "#2b8a3e",
  scores: "#495057",
};

export function portColor(type: string | undefined): string {
  return (type && PORT_COLORS[type]) || "#868e96";
}

/** Palette order and names of node categories. */
export const CATEGORY_ORDER = ["input", "retrieval", "reasoning-template", "generation", "intervention", "post-process", "scoring"];

export const CATEGORY_TITLES: Record<string, string> = {
  input: "Input",
  retrieval: "Retrieval",
  "reasoning-template": "Reasoning template",
  generation: "Generation",
  intervention: "Intervention",
  "post-process": "Post-process",
  scoring: "Scoring",
};

export const CATEGORY_COLORS: Record<string, string> = {
  input: "#3b5bdb",
  retrieval: "#0c8599",
  "reasoning-template": "#e67700",
  generation: "#9c36b5",
  intervention: "#c2255c",
  "post-process": "#d9480f",
  scoring: "#495057",
};
