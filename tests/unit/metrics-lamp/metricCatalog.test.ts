import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAMP_TASKS, TASK_KEYS, type LampTaskSpec } from "@/server/lamp/tasks";
import { evaluateOfficial, scoreExample, type IdOutput } from "@/server/metrics/lamp/officialEvaluation";
import {
  AVERAGED_ITEM_METRIC_KEYS,
  ITEM_METRIC_KEYS,
  OFFICIAL_METRIC_KEYS,
  TASK_METRICS,
  defaultItemMetric,
  headlineItemMetricOf,
  headlineMetricOf,
  itemMetricInfo,
  officialMetricInfo,
  officialMetricLowerIsBetter,
} from "@/server/metrics/metricCatalog";
import { metricValues } from "@/server/nodes/score";
import { mainOfficialMetric, prepareOfficialComparison } from "@/components/charts/prepareOfficialMetrics";
import { prepareRunComparison } from "@/components/charts/prepareRunComparison";
import { preparePairedComparison } from "@/components/charts/preparePairedComparison";
import { formatItemMetric, formatOfficialMetric } from "@/components/charts/formatValue";

/** A right and a wrong answer for one example of the task, built from the registry's output spec. */
function tinyExample(task: LampTaskSpec): { gold: string; wrong: string } {
  switch (task.output.kind) {
    case "label":
      return { gold: task.output.labels[0]!, wrong: task.output.labels[1]! };
    case "rating":
      return { gold: String(task.output.min + 1), wrong: String(task.output.max) };
    case "text":
      return { gold: "personal headline about garden cats", wrong: "quarterly bond yields rose" };
  }
}

function evaluate(task: LampTaskSpec, gold: string, pred: string): Record<string, number> {
  const golds: IdOutput[] = [{ id: "1", output: gold }];
  const preds: IdOutput[] = [{ id: "1", output: pred }];
  return evaluateOfficial(task.key, golds, preds) as Record<string, number>;
}

describe("the metric catalog against the official evaluation", () => {
  for (const key of TASK_KEYS) {
    const task = LAMP_TASKS[key];
    it(`${key}: the headline and the listed keys are exactly what the official evaluation writes`, () => {
      const { gold, wrong } = tinyExample(task);
      const written = Object.keys(evaluate(task, gold, wrong));
      expect(written).toContain(TASK_METRICS[key].headline);
      expect([...TASK_METRICS[key].officialKeys].sort()).toEqual([...written].sort());
      for (const k of written) expect(officialMetricInfo(k), k).not.toBeNull();
    });

    it(`${key}: every direction agrees with a right answer against a wrong one`, () => {
      const { gold, wrong } = tinyExample(task);
      const right = evaluate(task, gold, gold);
      const bad = evaluate(task, gold, wrong);
      for (const k of Object.keys(right)) {
        const rightIsBetter = officialMetricLowerIsBetter(k) ? right[k]! < bad[k]! : right[k]! > bad[k]!;
        expect(rightIsBetter, `${k}: right ${right[k]} vs wrong ${bad[k]}`).toBe(true);
      }
    });

    it(`${key}: each per-example value averages to the official metric the catalog says`, () => {
      const { gold, wrong } = tinyExample(task);
      const pairs = [
        { id: "a", gold, pred: gold },
        { id: "b", gold, pred: wrong },
        { id: "c", gold: wrong, pred: wrong },
      ];
      const official = evaluateOfficial(
        key,
        pairs.map((p) => ({ id: p.id, output: p.gold })),
        pairs.map((p) => ({ id: p.id, output: p.pred })),
      ) as Record<string, number>;
      const stored = pairs.map((p) => metricValues(scoreExample(key, p.pred, p.gold)));
      const storedKeys = Object.keys(stored[0]!);
      for (const k of storedKeys) expect(itemMetricInfo(k), `${k} is stored but not in the catalog`).not.toBeNull();
      expect(storedKeys).toContain(headlineItemMetricOf(key));
      for (const k of storedKeys) {
        const meanIs = itemMetricInfo(k)!.meanIs;
        if (meanIs === null) continue;
        const mean = stored.reduce((sum, values) => sum + values[k]!, 0) / stored.length;
        expect(mean, `${k} vs ${meanIs}`).toBeCloseTo(official[meanIs]!, 12);
        expect(itemMetricInfo(k)!.direction).toBe(officialMetricInfo(meanIs)!.direction);
      }
    });
  }

  it("MAE and RMSE are lower-is-better, every other official metric higher-is-better", () => {
    for (const k of OFFICIAL_METRIC_KEYS) {
      expect(officialMetricInfo(k)!.direction, k).toBe(k === "MAE" || k === "RMSE" ? "higher_is_worse" : "higher_is_better");
    }
    expect(itemMetricInfo("absoluteError")!.direction).toBe("higher_is_worse");
    expect(itemMetricInfo("raw.squaredError")!.direction).toBe("higher_is_worse");
  });

  it("knows no headline for a task outside the registry", () => {
    expect(headlineMetricOf("LaMP-9")).toBeNull();
    expect(headlineItemMetricOf("LaMP-9")).toBeNull();
  });

  it("pairs only the per-example values whose mean is an official metric, headline values first by default", () => {
    expect(AVERAGED_ITEM_METRIC_KEYS).not.toContain("squaredError");
    expect(AVERAGED_ITEM_METRIC_KEYS.every((k) => ITEM_METRIC_KEYS.includes(k))).toBe(true);
    for (const key of TASK_KEYS) {
      const { gold } = tinyExample(LAMP_TASKS[key]);
      const stored = Object.keys(metricValues(scoreExample(key, gold, gold)));
      expect(defaultItemMetric([...stored.map((k) => `raw.${k}`), ...stored.reverse()])).toBe(headlineItemMetricOf(key));
    }
  });
});

describe("the preparers read the catalog", () => {
  it("picks every registry task's headline as the main metric, with its direction", () => {
    for (const key of TASK_KEYS) {
      const values = Object.fromEntries(TASK_METRICS[key].officialKeys.map((k, i) => [k, 0.1 * (i + 1)]));
      const main = mainOfficialMetric(key, values);
      expect(main?.key).toBe(TASK_METRICS[key].headline);
      expect(main?.lowerIsBetter).toBe(officialMetricLowerIsBetter(TASK_METRICS[key].headline));
    }
  });

  it("marks a lower MAE as the better value in the run and extraction comparisons", () => {
    const rows = prepareRunComparison([
      { id: "a", official: { "rouge-1": 0.3, MAE: 0.9 }, failureValues: null },
      { id: "b", official: { "rouge-1": 0.2, MAE: 0.6 }, failureValues: null },
    ]);
    const improved = (r: { delta: number | null; lowerIsBetter: boolean }) => (r.lowerIsBetter ? r.delta! < 0 : r.delta! > 0);
    expect(rows.map((r) => [r.key, improved(r)])).toEqual([
      ["MAE", true],
      ["rouge-1", false],
    ]);
    const extraction = prepareOfficialComparison({ MAE: 0.5, accuracy: 0.4 }, { MAE: 1, accuracy: 0.5 });
    expect(extraction.map((r) => [r.key, improved(r)])).toEqual([
      ["accuracy", false],
      ["MAE", true],
    ]);
  });

  it("calls a smaller value better exactly for the catalog's lower-is-better per-example values", () => {
    const rows = preparePairedComparison(
      ITEM_METRIC_KEYS.map((metric) => ({ runId: "r", metric, difference: { estimate: -0.2, lower: -0.3, upper: -0.1 }, meanBaseline: 1, meanRun: 0.8, pValue: 0.01, shared: 5 })),
    );
    for (const row of rows) expect(row.verdict, row.metric).toBe(itemMetricInfo(row.metric)!.direction === "higher_is_worse" ? "better" : "worse");
    expect(rows.map((r) => r.label)).toEqual(ITEM_METRIC_KEYS.map((k) => itemMetricInfo(k)!.label));
  });

  it("writes proportions with 3 significant digits and rating errors with 3 decimals", () => {
    expect(formatOfficialMetric("accuracy", 0.456789)).toBe("0.457");
    expect(formatOfficialMetric("rouge-L", 0.0456789)).toBe("0.0457");
    expect(formatOfficialMetric("f1", 0.99961)).toBe("1.00");
    expect(formatOfficialMetric("rouge-1", 0)).toBe("0.00");
    expect(formatOfficialMetric("MAE", 0.65432)).toBe("0.654");
    expect(formatOfficialMetric("RMSE", 1.25)).toBe("1.250");
    expect(formatOfficialMetric("MAE", null)).toBe("–");
    expect(formatItemMetric("raw.absoluteError", 2)).toBe("2.000");
    expect(formatItemMetric("correct", 0.5)).toBe("0.500");
  });
});

describe("the catalog module", () => {
  /** Runtime (not `import type`) module specifiers of a TypeScript file. */
  function runtimeImports(file: string): string[] {
    const source = readFileSync(file, "utf8");
    const specifiers: string[] = [];
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)) {
      if (!m[1]) specifiers.push(m[2]!);
    }
    return specifiers;
  }

  it("imports nothing at runtime but relative modules free of zod, Prisma and node: (components bundle it)", () => {
    const root = path.resolve(__dirname, "../../../server/metrics/metricCatalog.ts");
    const seen = new Set<string>();
    const queue = [root];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        expect(spec.startsWith("."), `${path.relative(path.dirname(root), file)} imports "${spec}"`).toBe(true);
        const base = path.resolve(path.dirname(file), spec);
        const resolved = [`${base}.ts`, path.join(base, "index.ts")].find((f) => existsSync(f));
        expect(resolved, `cannot resolve ${spec} from ${file}`).toBeDefined();
        queue.push(resolved!);
      }
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
