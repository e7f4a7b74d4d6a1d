import { describe, expect, it } from "vitest";
import { canConnectPorts, closesCycle, edgeViolation, topologicalOrder, type EdgeShape } from "../../../server/pipeline/graphRules";

const edge = (from: string, to: string, port = "in"): EdgeShape & { from: { port: string } } => ({
  from: { node: from, port: "out" },
  to: { node: to, port },
});
const itemsNode = { inputs: [{ name: "in", type: "items" }], outputs: [{ name: "out", type: "items" }] };
const answerNode = { inputs: [{ name: "in", type: "answer" }], outputs: [{ name: "out", type: "answer" }] };

describe("graph rules", () => {
  it("joins ports of equal type only", () => {
    expect(canConnectPorts({ type: "items" }, { type: "items" })).toBe(true);
    expect(canConnectPorts({ type: "items" }, { type: "answer" })).toBe(false);
  });

  it("names the first rule a new edge breaks: unknown port, type mismatch, input already fed", () => {
    expect(edgeViolation({ ...edge("a", "b"), from: { node: "a", port: "nope" } }, itemsNode, itemsNode, [])).toEqual({
      code: "unknown_port",
      side: "output",
    });
    expect(edgeViolation(edge("a", "b", "nope"), itemsNode, itemsNode, [])).toEqual({ code: "unknown_port", side: "input" });
    expect(edgeViolation(edge("a", "b"), itemsNode, answerNode, [])).toMatchObject({ code: "type_mismatch" });
    expect(edgeViolation(edge("a", "b"), itemsNode, itemsNode, [edge("c", "b")])).toMatchObject({ code: "input_connected_twice" });
    expect(edgeViolation(edge("a", "b"), itemsNode, itemsNode, [edge("c", "b", "other"), edge("a", "c")])).toBeNull();
  });

  it("orders nodes dependencies first, ties by declaration, and leaves out nodes on or after a cycle", () => {
    expect(topologicalOrder(["c", "a", "b"], [edge("a", "b"), edge("b", "c")])).toEqual(["a", "b", "c"]);
    expect(topologicalOrder(["x", "y"], [])).toEqual(["x", "y"]);
    expect(topologicalOrder(["a", "p", "q", "z"], [edge("a", "p"), edge("p", "q"), edge("q", "p"), edge("q", "z")])).toEqual(["a"]);
    expect(topologicalOrder(["s"], [edge("s", "s")])).toEqual([]);
  });

  it("closesCycle agrees with topologicalOrder on every edge added to random acyclic graphs", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = ["n0", "n1", "n2", "n3", "n4", "n5"];
    let cycles = 0;
    for (let round = 0; round < 200; round++) {
      const edges: EdgeShape[] = [];
      for (let k = 0; k < 6; k++) {
        const candidate = edge(ids[Math.floor(random() * ids.length)], ids[Math.floor(random() * ids.length)]);
        const cyclic = topologicalOrder(ids, [...edges, candidate]).length < ids.length;
        expect(closesCycle(candidate, edges)).toBe(cyclic);
        if (cyclic) cycles++;
        else edges.push(candidate);
      }
    }
    expect(cycles).toBeGreaterThan(20);
  });
});
