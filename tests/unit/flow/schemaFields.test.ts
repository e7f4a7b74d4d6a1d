import { describe, expect, it } from "vitest";
import { effectiveValue, fieldsOf, getAt, humanize, parseNumberInput, parseStringList, setAt } from "@/components/flow/schemaFields";

const schema = {
  type: "object",
  properties: {
    method: { default: "bm25", description: "Retriever.", type: "string", enum: ["bm25", "dense"] },
    k: { default: 4, type: "integer", minimum: 0, maximum: 200 },
    maxTokens: { default: 2048, type: "integer", minimum: 1, maximum: 9007199254740991 },
    topP: { type: "number", minimum: 0, maximum: 1 },
    stem: { default: false, type: "boolean" },
    endpoint: { default: "default", type: "string" },
    systemText: { type: "string" },
    synthesisPrompt: { default: "x".repeat(80), type: "string" },
    stageHeaders: { default: ["A", "B", "C"], type: "array", minItems: 3, maxItems: 3, items: { type: "string" } },
    forms: { type: "array", items: { type: "string", enum: ["noun", "hash"] } },
    rules: {
      default: {},
      type: "object",
      properties: { hesitation: { default: {}, type: "object", properties: { enabled: { default: true, type: "boolean" } } } },
    },
    bucketing: { oneOf: [{ type: "object" }, { type: "object" }] },
    edges: { type: "array", items: { type: "number" } },
  },
};

describe("fieldsOf", () => {
  const fields = fieldsOf(schema);
  const by = (name: string) => fields.find((f) => f.name === name)!;

  it("maps every JSON Schema shape the node kinds use to a field kind", () => {
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ["method", "enum"],
      ["k", "number"],
      ["maxTokens", "number"],
      ["topP", "number"],
      ["stem", "boolean"],
      ["endpoint", "string"],
      ["systemText", "string"],
      ["synthesisPrompt", "string"],
      ["stageHeaders", "string-list"],
      ["forms", "string-list"],
      ["rules", "object"],
      ["bucketing", "json"],
      ["edges", "json"],
    ]);
  });

  it("keeps descriptions, defaults, bounds (ignoring MAX_SAFE_INTEGER) and enum options", () => {
    expect(by("method")).toMatchObject({ kind: "enum", options: ["bm25", "dense"], description: "Retriever.", defaultValue: "bm25", hasDefault: true });
    expect(by("k")).toMatchObject({ integer: true, min: 0, max: 200 });
    expect(by("maxTokens")).toMatchObject({ min: 1, max: undefined });
    expect(by("topP")).toMatchObject({ integer: false, hasDefault: false });
    expect(by("forms")).toMatchObject({ options: ["noun", "hash"] });
    expect(by("stageHeaders")).toMatchObject({ minItems: 3, maxItems: 3 });
  });

  it("uses a textarea for long defaults and text-like names, an input otherwise", () => {
    expect(by("endpoint")).toMatchObject({ multiline: false });
    expect(by("systemText")).toMatchObject({ multiline: true });
    expect(by("synthesisPrompt")).toMatchObject({ multiline: true });
  });

  it("nests object fields with full paths", () => {
    const rules = by("rules");
    if (rules.kind !== "object") throw new Error("rules is an object field");
    const hesitation = rules.fields[0]!;
    if (hesitation.kind !== "object") throw new Error("hesitation is an object field");
    expect(hesitation.fields[0]).toMatchObject({ path: ["rules", "hesitation", "enabled"], kind: "boolean", defaultValue: true, title: "Enabled" });
  });
});

describe("param values", () => {
  it("reads by path and falls back to the schema default", () => {
    const fields = fieldsOf(schema);
    const k = fields.find((f) => f.name === "k")!;
    expect(effectiveValue({}, k)).toBe(4);
    expect(effectiveValue({ k: 8 }, k)).toBe(8);
    expect(getAt({ a: { b: 1 } }, ["a", "b"])).toBe(1);
    expect(getAt({ a: 1 }, ["a", "b"])).toBeUndefined();
  });

  it("sets nested values without mutating and removes keys and emptied objects on undefined", () => {
    const params = { k: 4 };
    const set = setAt(params, ["rules", "hesitation", "enabled"], false);
    expect(set).toEqual({ k: 4, rules: { hesitation: { enabled: false } } });
    expect(params).toEqual({ k: 4 });
    expect(setAt(set, ["rules", "hesitation", "enabled"], undefined)).toEqual({ k: 4 });
    expect(setAt(set, ["k"], undefined)).toEqual({ rules: { hesitation: { enabled: false } } });
  });

  it("parses string lists one per line and numbers strictly", () => {
    expect(parseStringList("wait\n\n  hmm \n")).toEqual(["wait", "hmm"]);
    expect(parseNumberInput(" ", true)).toBeUndefined();
    expect(parseNumberInput("4", true)).toBe(4);
    expect(parseNumberInput("4.5", true)).toBeNaN();
    expect(parseNumberInput("0.5", false)).toBe(0.5);
    expect(parseNumberInput("abc", false)).toBeNaN();
  });

  it("humanizes camelCase names", () => {
    expect(humanize("maxReasoningTokens")).toBe("Max reasoning tokens");
    expect(humanize("k1")).toBe("K1");
  });
});
