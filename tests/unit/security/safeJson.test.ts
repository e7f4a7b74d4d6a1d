import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonObjectSchema, parseJson, parseJsonAs, StoredJsonError, tryParseJsonAs, withoutRefusedKeys } from "@/server/safeJson";

const WHERE = "RunItem run1/310.signalsJson";

describe("parseJson", () => {
  it("reports malformed JSON as a StoredJsonError naming the table, row and column", () => {
    let caught: unknown;
    try {
      parseJson('{"a": 1,', WHERE);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoredJsonError);
    expect((caught as StoredJsonError).where).toBe(WHERE);
    expect((caught as Error).message).toMatch(/^RunItem run1\/310\.signalsJson: not valid JSON \(.+\)$/);
  });

  it("strips __proto__ keys, however spelled, at any depth, and keeps the rest", () => {
    const text = '{"a": 1, "__proto__": {"polluted": true}, "b": [{"\\u005f_proto__": {"polluted": true}, "c": 2}]}';
    expect(Object.keys(JSON.parse(text))).toContain("__proto__");
    const value = parseJson(text, WHERE);
    expect(value).toEqual({ a: 1, b: [{ c: 2 }] });
    expect(Object.hasOwn(value as object, "__proto__")).toBe(false);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("strips constructor.prototype payloads and any other key superjson refuses, and keeps the rest", () => {
    const text = JSON.stringify({
      constructor: { prototype: { polluted: true } },
      keep: { prototype: 2, nested: [{ constructor: "a name", score: 3 }], text: "constructor" },
    });
    expect(() => superjson.serialize(JSON.parse(text))).toThrow(/Detected property constructor/);
    const value = parseJson(text, WHERE);
    expect(value).toEqual({ keep: { nested: [{ score: 3 }], text: "constructor" } });
    expect(superjson.deserialize(superjson.serialize(value))).toEqual(value);
  });

  it("leaves values without such keys as JSON.parse reads them", () => {
    for (const text of ['{"x": [1, "two", null, {"y": false}]}', "[]", '"constructor"', "3.5", "null"]) {
      expect(parseJson(text, WHERE)).toEqual(JSON.parse(text));
    }
  });
});

describe("parseJsonAs", () => {
  const schema = z.object({ reasoningTokens: z.number(), usedItemIds: z.array(z.string()) });

  it("returns a valid value through its schema", () => {
    expect(parseJsonAs('{"reasoningTokens": 12, "usedItemIds": ["3"], "extra": 1}', schema, WHERE)).toEqual({ reasoningTokens: 12, usedItemIds: ["3"] });
  });

  it("names where the value came from and each path that does not fit", () => {
    expect(() => parseJsonAs('{"reasoningTokens": "12", "usedItemIds": [3]}', schema, WHERE)).toThrow(
      /^RunItem run1\/310\.signalsJson: reasoningTokens: .*expected number.*; usedItemIds\.0: .*expected string/,
    );
    expect(() => parseJsonAs("[1]", jsonObjectSchema, WHERE)).toThrow(`${WHERE}: expected a JSON object`);
  });

  it("checks the value after the refused keys are gone (a schema cannot be fed a constructor key)", () => {
    expect(parseJsonAs('{"constructor": {"a": 1}, "b": 2}', jsonObjectSchema, WHERE)).toEqual({ b: 2 });
  });
});

describe("tryParseJsonAs", () => {
  it("returns the value, or the located error instead of throwing it", () => {
    expect(tryParseJsonAs('{"type": "cancel"}', z.object({ type: z.literal("cancel") }), "control message")).toEqual({ ok: true, value: { type: "cancel" } });
    const bad = tryParseJsonAs('{"type": "pause"}', z.object({ type: z.literal("cancel") }), "control message");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^control message: type: /);
    expect(tryParseJsonAs("{", z.unknown(), "control message").ok).toBe(false);
  });
});

describe("withoutRefusedKeys", () => {
  it("copies plain objects and arrays without the refused keys, lists their paths and leaves the input alone", () => {
    const when = new Date(0);
    const input = { at: when, items: [{ signals: { constructor: 1, rate: 0.5 } }], prototype: "x" };
    const { value, removed } = withoutRefusedKeys(input);
    expect(value).toEqual({ at: when, items: [{ signals: { rate: 0.5 } }] });
    expect((value as { at: Date }).at).toBe(when);
    expect(removed).toEqual(["items.0.signals.constructor", "prototype"]);
    expect(input.items[0].signals).toEqual({ constructor: 1, rate: 0.5 });
    expect(withoutRefusedKeys({ a: [1, { b: 2 }] }).removed).toEqual([]);
  });
});
