/**
 * Typed ports. An edge may connect an output to an input only when their types are equal; the
 * editor and the server share this one rule (canConnectPorts).
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

export type PortSpec = {
  name: string;
  type: PortType;
  description: string;
  /** An optional input may stay unconnected; the node then receives undefined. */
  optional?: boolean;
};

export function canConnectPorts(from: PortSpec, to: PortSpec): boolean {
  return from.type === to.type;
}
