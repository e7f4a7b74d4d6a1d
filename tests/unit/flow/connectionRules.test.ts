import { describe, expect, it } from "vitest";
import { checkConnection, type KindLookup } from "@/components/flow/connectionRules";

const kinds: Record<string, { inputs: { name: string; type: string }[]; outputs: { name: string; type: string }[] }> = {
  example: { inputs: [], outputs: [{ name: "example", type: "example" }] },
  retrieve: { inputs: [{ name: "example", type: "example" }], outputs: [{ name: "items", type: "items" }] },
  prompt: {
    inputs: [
      { name: "example", type: "example" },
      { name: "items", type: "items" },
    ],
    outputs: [{ name: "messages", type: "messages" }],
  },
  loop: { inputs: [{ name: "messages", type: "messages" }], outputs: [{ name: "example", type: "example" }] },
  relay: { inputs: [{ name: "items", type: "items" }], outputs: [{ name: "items", type: "items" }] },
};
const lookup: KindLookup = (kind) => kinds[kind];
const node = (id: string, kind = id) => ({ id, data: { kind, version: 1 } });
const nodes = [node("example"), node("retrieve"), node("prompt"), node("loop"), node("relay")];

describe("checkConnection", () => {
  it("accepts an output feeding an input of the same type", () => {
    expect(checkConnection({ source: "retrieve", sourceHandle: "out:items", target: "prompt", targetHandle: "in:items" }, nodes, [], lookup)).toEqual({ ok: true });
  });

  it("refuses a type mismatch and says which types", () => {
    const r = checkConnection({ source: "example", sourceHandle: "out:example", target: "prompt", targetHandle: "in:items" }, nodes, [], lookup);
    expect(r).toEqual({ ok: false, code: "type_mismatch", reason: "An example output cannot feed an items input." });
  });

  it("refuses a second edge into the same input", () => {
    const edges = [{ source: "example", target: "prompt", targetHandle: "in:example" }];
    const r = checkConnection({ source: "loop", sourceHandle: "out:example", target: "prompt", targetHandle: "in:example" }, nodes, edges, lookup);
    expect(r).toMatchObject({ ok: false, code: "input_connected_twice" });
  });

  it("refuses a connection that closes a cycle, and self loops", () => {
    const edges = [
      { source: "example", target: "prompt", targetHandle: "in:example" },
      { source: "prompt", target: "loop", targetHandle: "in:messages" },
    ];
    const cycle = checkConnection({ source: "loop", sourceHandle: "out:example", target: "retrieve", targetHandle: "in:example" }, nodes, [
      ...edges,
      { source: "retrieve", target: "prompt", targetHandle: "in:items" },
    ], lookup);
    expect(cycle).toEqual({ ok: false, code: "cycle", reason: "Connecting loop to retrieve would create a cycle." });
    const self = checkConnection({ source: "relay", sourceHandle: "out:items", target: "relay", targetHandle: "in:items" }, nodes, [], lookup);
    expect(self).toEqual({ ok: false, code: "cycle", reason: "A node cannot feed itself." });
  });

  it("refuses unknown ports, unknown nodes and handles on the wrong side", () => {
    expect(checkConnection({ source: "retrieve", sourceHandle: "out:nope", target: "prompt", targetHandle: "in:items" }, nodes, [], lookup).ok).toBe(false);
    expect(checkConnection({ source: "ghost", sourceHandle: "out:items", target: "prompt", targetHandle: "in:items" }, nodes, [], lookup).ok).toBe(false);
    expect(checkConnection({ source: "retrieve", sourceHandle: "in:example", target: "prompt", targetHandle: "in:items" }, nodes, [], lookup).ok).toBe(false);
  });
});
