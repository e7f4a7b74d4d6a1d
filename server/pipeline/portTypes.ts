/**
 * Typed ports. Each type's value shape is in portValues.ts (PortValueOf); which ports may be joined
 * is decided in graphRules.ts, shared by the editor and the server.
 */
export const PORT_TYPES = {
  example: "One dataset example: task, input and the user's profile (never the gold output).",
  items: "Profile items chosen by a retriever, in rank order.",
  messages: "Chat messages ready for a model.",
  completion: "A model's output: reasoning trace, answer text, token usage, latency.",
  answer: "The final answer text for the example, raw and extracted.",
  scores: "Per-example metric values and failure-mode signals.",
} as const;

export type PortType = keyof typeof PORT_TYPES;

export type PortSpec<TName extends string = string, TType extends PortType = PortType> = {
  name: TName;
  type: TType;
  description: string;
  /** An optional input may stay unconnected; the node then receives undefined. */
  optional?: boolean;
};
