import { z } from "zod";
import { mean, quantileSorted } from "../stats/descriptive";
import { MISALIGNMENT_KINDS, type MisalignmentKind } from "./formatAlignment";
import type { FailureSignals } from "./itemSignals";
import { lengthBucketingSchema, resolveFailureModeParams, type FailureModeParams, type LengthBucketing } from "./params";

/** Run-level summaries of the per-item failure signals, shaped for the dashboard charts. */

export interface RunItemSignals {
  exampleId?: string;
  signals: FailureSignals;
  /** Per-item metric values of the scored answer, e.g. { accuracy: 1 } or { rouge1: 0.42 }; null = not scored. */
  metrics?: Readonly<Record<string, number | null | undefined>>;
}

export const RUN_AGGREGATE_KEYS = [
  "medianReasoningTokens",
  "p90ReasoningTokens",
  "meanHesitationRate",
  "manySwitchesShare",
  "meanStageAdherence",
  "meanOffTrackRatio",
  "invalidRawRate",
  "invalidExtractedRate",
  "recoveryRate",
  "meanItemCoverage",
  "meanAnswerGrounding",
  "meanProfileMentions",
  "meanUnderthinking",
  "meanOutcomeEfficiency",
  "medianTokensToFirstCorrect",
  "meanInterventions",
  "meanInjectedTokens",
  "meanCandidateAgreement",
] as const;

export type RunAggregateKey = (typeof RUN_AGGREGATE_KEYS)[number];

export interface MisalignmentKindCount {
  kind: Exclude<MisalignmentKind, "none">;
  count: number;
  /** count / number of items judged (all items for raw answers, items with an extracted answer otherwise). */
  rate: number | null;
}

export interface LengthBucketRow {
  label: string;
  /** Token range of the bucket: [from, to] when toInclusive, [from, to) otherwise; to = null is open-ended. */
  from: number;
  to: number | null;
  toInclusive: boolean;
  count: number;
  meanReasoningTokens: number | null;
  /** Mean per-item metric over the bucket's items that have a value; null when none has. */
  metrics: Record<string, number | null>;
  metricSupport: Record<string, number>;
}

/** Counts of per-item values in [0, 1] cut into equal bins ([from, to); the last bin also takes 1). */
export interface ShareHistogram {
  rows: Array<{ label: string; from: number; to: number; count: number }>;
  /** Items with a value. */
  counted: number;
  /** Items where the signal is not defined. */
  missing: number;
}

export interface InterventionRuleCount {
  rule: string;
  /** Injections of this rule over all items. */
  count: number;
  /** Items with at least one. */
  items: number;
}

export interface FailureModeAggregates {
  itemCount: number;
  /** One number per aggregate (null when no item defines it), keyed like `definitions.ts`. */
  values: Record<RunAggregateKey, number | null>;
  /** How many items each value is computed from. */
  support: Record<RunAggregateKey, number>;
  /** Invalid raw answers by misalignment kind, in precedence order. */
  rawMisalignmentByKind: MisalignmentKindCount[];
  extractedMisalignmentByKind: MisalignmentKindCount[];
  metricByReasoningLength: {
    bucketing: LengthBucketing;
    metricKeys: string[];
    buckets: LengthBucketRow[];
  };
  /** RPI injections by rule, over every item. */
  interventionRuleCounts: InterventionRuleCount[];
  /** Distributions over every item of the run (the dashboard draws these; it downloads no items). */
  histograms: {
    itemCoverage: ShareHistogram;
    answerGrounding: ShareHistogram;
    stageAdherence: ShareHistogram;
    /** Items by candidate switches: 0, 1, 2, 3, 4 or more (SRM items: the mean over candidates, rounded). */
    candidateSwitches: Array<{ label: string; count: number }>;
  };
}

const aggregateKeySchema = z.enum(RUN_AGGREGATE_KEYS);
const misalignmentKindCountSchema = z.object({ kind: z.enum(MISALIGNMENT_KINDS).exclude(["none"]), count: z.number(), rate: z.number().nullable() });

const shareHistogramSchema = z.object({
  rows: z.array(z.object({ label: z.string(), from: z.number(), to: z.number(), count: z.number() })),
  counted: z.number(),
  missing: z.number(),
});
const EMPTY_SHARE_HISTOGRAM: ShareHistogram = { rows: [], counted: 0, missing: 0 };

/** Aggregate values keyed like RUN_AGGREGATE_KEYS; a key a summary stored before it existed reads as null (support 0). */
function aggregateRecord<T>(value: z.ZodType<T>, missing: T) {
  return z.record(z.string(), value).transform((stored) => {
    const out = {} as Record<RunAggregateKey, T>;
    for (const key of RUN_AGGREGATE_KEYS) out[key] = key in stored ? stored[key]! : missing;
    return out;
  });
}

/** The aggregates as stored in a run's summary (Run.summaryJson): read back through this. */
export const failureModeAggregatesSchema: z.ZodType<FailureModeAggregates> = z.object({
  itemCount: z.number(),
  values: aggregateRecord(z.number().nullable(), null),
  support: aggregateRecord(z.number(), 0),
  rawMisalignmentByKind: z.array(misalignmentKindCountSchema),
  extractedMisalignmentByKind: z.array(misalignmentKindCountSchema),
  metricByReasoningLength: z.object({
    bucketing: lengthBucketingSchema,
    metricKeys: z.array(z.string()),
    buckets: z.array(
      z.object({
        label: z.string(),
        from: z.number(),
        to: z.number().nullable(),
        toInclusive: z.boolean(),
        count: z.number(),
        meanReasoningTokens: z.number().nullable(),
        metrics: z.record(z.string(), z.number().nullable()),
        metricSupport: z.record(z.string(), z.number()),
      }),
    ),
  }),
  interventionRuleCounts: z.array(z.object({ rule: z.string(), count: z.number(), items: z.number() })).default([]),
  histograms: z
    .object({
      itemCoverage: shareHistogramSchema,
      answerGrounding: shareHistogramSchema,
      stageAdherence: shareHistogramSchema,
      candidateSwitches: z.array(z.object({ label: z.string(), count: z.number() })),
    })
    .default({ itemCoverage: EMPTY_SHARE_HISTOGRAM, answerGrounding: EMPTY_SHARE_HISTOGRAM, stageAdherence: EMPTY_SHARE_HISTOGRAM, candidateSwitches: [] }),
});

/** Per-item shares in [0, 1] in `binCount` equal bins; values outside are clamped, missing ones counted apart. */
export function shareHistogram(values: readonly (number | null | undefined)[], binCount = 10): ShareHistogram {
  const bins = Math.max(1, Math.floor(binCount));
  const rows = Array.from({ length: bins }, (_, i) => {
    const from = i / bins;
    const to = (i + 1) / bins;
    return { label: `${Math.round(from * 100)}–${Math.round(to * 100)}%`, from, to, count: 0 };
  });
  let counted = 0;
  let missing = 0;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      missing++;
      continue;
    }
    const clamped = Math.min(1, Math.max(0, v));
    // Bins are [from, to); the last one also takes exactly 1.
    rows[Math.min(bins - 1, Math.floor(clamped * bins + 1e-9))]!.count++;
    counted++;
  }
  return { rows, counted, missing };
}

function switchDistribution(values: readonly (number | null)[]): Array<{ label: string; count: number }> {
  const rows = ["0", "1", "2", "3", "4 or more"].map((label) => ({ label, count: 0 }));
  for (const v of values) if (v !== null && Number.isFinite(v)) rows[Math.min(4, Math.max(0, Math.round(v)))]!.count++;
  return rows;
}

function interventionCounts(signals: readonly FailureSignals[]): InterventionRuleCount[] {
  const byRule = new Map<string, InterventionRuleCount>();
  for (const s of signals) {
    for (const [rule, count] of Object.entries(s.interventionsByRule ?? {})) {
      const row = byRule.get(rule) ?? { rule, count: 0, items: 0 };
      row.count += count;
      if (count > 0) row.items++;
      byRule.set(rule, row);
    }
  }
  return [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule));
}

interface Summary {
  value: number | null;
  support: number;
}

function meanOf(values: readonly (number | null)[]): Summary {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return { value: present.length === 0 ? null : mean(present), support: present.length };
}

function shareOf(flags: readonly (boolean | null)[]): Summary {
  const present = flags.filter((flag): flag is boolean => flag !== null);
  return { value: present.length === 0 ? null : present.filter(Boolean).length / present.length, support: present.length };
}

function kindCounts(kinds: readonly (MisalignmentKind | null)[]): MisalignmentKindCount[] {
  const judged = kinds.filter((kind): kind is MisalignmentKind => kind !== null);
  return MISALIGNMENT_KINDS.filter((kind): kind is Exclude<MisalignmentKind, "none"> => kind !== "none").map((kind) => {
    const count = judged.filter((judgedKind) => judgedKind === kind).length;
    return { kind, count, rate: judged.length === 0 ? null : count / judged.length };
  });
}

/**
 * Quantile buckets: items sorted by reasoning tokens and cut into `count` groups of nearly equal
 * size (cuts at round(i * n / count)); a cut that would separate items with the same token count
 * moves forward past them, so equal lengths always share a bucket and fewer buckets may result.
 */
function quantileGroups(sortedTokens: readonly number[], count: number): Array<[number, number]> {
  const n = sortedTokens.length;
  const cuts: number[] = [0];
  for (let i = 1; i < count; i++) {
    let cut = Math.round((i * n) / count);
    while (cut > 0 && cut < n && sortedTokens[cut] === sortedTokens[cut - 1]) cut++;
    if (cut > cuts[cuts.length - 1]! && cut < n) cuts.push(cut);
  }
  cuts.push(n);
  const groups: Array<[number, number]> = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) groups.push([cuts[i]!, cuts[i + 1]!]);
  return groups;
}

function bucketRow(label: string, range: Pick<LengthBucketRow, "from" | "to" | "toInclusive">, items: readonly RunItemSignals[], metricKeys: readonly string[]): LengthBucketRow {
  const metrics: Record<string, number | null> = {};
  const metricSupport: Record<string, number> = {};
  for (const key of metricKeys) {
    const summary = meanOf(items.map((item) => item.metrics?.[key] ?? null));
    metrics[key] = summary.value;
    metricSupport[key] = summary.support;
  }
  return {
    label,
    ...range,
    count: items.length,
    meanReasoningTokens: meanOf(items.map((item) => item.signals.reasoningTokens)).value,
    metrics,
    metricSupport,
  };
}

function metricByReasoningLength(items: readonly RunItemSignals[], bucketing: LengthBucketing): FailureModeAggregates["metricByReasoningLength"] {
  const metricKeys = [...new Set(items.flatMap((item) => Object.entries(item.metrics ?? {}).filter(([, v]) => typeof v === "number").map(([key]) => key)))].sort();
  const sorted = [...items].sort((a, b) => a.signals.reasoningTokens - b.signals.reasoningTokens);
  const buckets: LengthBucketRow[] = [];
  if (bucketing.kind === "quantile") {
    const tokens = sorted.map((item) => item.signals.reasoningTokens);
    for (const [start, end] of quantileGroups(tokens, bucketing.count)) {
      const from = tokens[start]!;
      const to = tokens[end - 1]!;
      buckets.push(bucketRow(from === to ? `${from}` : `${from}–${to}`, { from, to, toInclusive: true }, sorted.slice(start, end), metricKeys));
    }
  } else {
    // Fixed buckets are all reported, empty ones included, so charts of different runs share an axis.
    const edges = [0, ...bucketing.upperEdges];
    edges.forEach((from, i) => {
      const to = edges[i + 1] ?? null;
      const inBucket = sorted.filter((item) => item.signals.reasoningTokens >= from && (to === null || item.signals.reasoningTokens < to));
      buckets.push(bucketRow(to === null ? `≥${from}` : `${from}–${to}`, { from, to, toInclusive: false }, inBucket, metricKeys));
    });
  }
  return { bucketing, metricKeys, buckets };
}

export function aggregateFailureSignals(items: readonly RunItemSignals[], overrides?: Partial<FailureModeParams>): FailureModeAggregates {
  const params = resolveFailureModeParams(overrides);
  const signals = items.map((item) => item.signals);
  const sortedFirstCorrect = signals
    .map((s) => s.tokensToFirstCorrect)
    .filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v))
    .sort((a, b) => a - b);
  const sortedTokens = signals.map((s) => s.reasoningTokens).sort((a, b) => a - b);
  const tokenQuantile = (q: number): Summary => ({
    value: sortedTokens.length === 0 ? null : quantileSorted(sortedTokens, q),
    support: sortedTokens.length,
  });

  const summaries: Record<RunAggregateKey, Summary> = {
    medianReasoningTokens: tokenQuantile(0.5),
    p90ReasoningTokens: tokenQuantile(0.9),
    meanHesitationRate: meanOf(signals.map((s) => s.hesitationRate)),
    manySwitchesShare: shareOf(signals.map((s) => (s.candidateSwitches === null ? null : s.candidateSwitches >= params.manySwitchesThreshold))),
    meanStageAdherence: meanOf(signals.map((s) => s.stageAdherence)),
    meanOffTrackRatio: meanOf(signals.map((s) => s.offTrackRatio)),
    invalidRawRate: shareOf(signals.map((s) => !s.rawValid)),
    invalidExtractedRate: shareOf(signals.map((s) => (s.extractedValid === null ? null : !s.extractedValid))),
    // Of the raw answers that were invalid (and went through extraction), the share extraction fixed.
    recoveryRate: shareOf(signals.map((s) => (s.rawValid || s.recovered === null ? null : s.recovered))),
    meanItemCoverage: meanOf(signals.map((s) => s.itemCoverage)),
    meanAnswerGrounding: meanOf(signals.map((s) => s.answerGrounding)),
    meanProfileMentions: meanOf(signals.map((s) => s.profileMentions)),
    meanUnderthinking: meanOf(signals.map((s) => s.underthinking ?? null)),
    meanOutcomeEfficiency: meanOf(signals.map((s) => s.outcomeEfficiency ?? null)),
    medianTokensToFirstCorrect: {
      value: sortedFirstCorrect.length === 0 ? null : quantileSorted(sortedFirstCorrect, 0.5),
      support: sortedFirstCorrect.length,
    },
    meanInterventions: meanOf(signals.map((s) => s.interventionCount ?? 0)),
    meanInjectedTokens: meanOf(signals.map((s) => s.injectedTokens ?? 0)),
    meanCandidateAgreement: meanOf(signals.map((s) => s.candidateAgreement ?? null)),
  };

  const values = {} as Record<RunAggregateKey, number | null>;
  const support = {} as Record<RunAggregateKey, number>;
  for (const key of RUN_AGGREGATE_KEYS) {
    values[key] = summaries[key].value;
    support[key] = summaries[key].support;
  }

  return {
    itemCount: items.length,
    values,
    support,
    rawMisalignmentByKind: kindCounts(signals.map((s) => s.misalignmentKind)),
    extractedMisalignmentByKind: kindCounts(signals.map((s) => s.extractedMisalignmentKind)),
    metricByReasoningLength: metricByReasoningLength(items, params.lengthBucketing),
    interventionRuleCounts: interventionCounts(signals),
    histograms: {
      itemCoverage: shareHistogram(signals.map((s) => s.itemCoverage)),
      answerGrounding: shareHistogram(signals.map((s) => s.answerGrounding)),
      stageAdherence: shareHistogram(signals.map((s) => s.stageAdherence)),
      candidateSwitches: switchDistribution(signals.map((s) => s.candidateSwitches)),
    },
  };
}
