import type { z } from "zod";
import { UserInputError } from "../errors";
import { describeNul, findNul, findTooDeep, formatJsonPath } from "../jsonLimits";
import { goldOutputProblem } from "../lamp/lampFiles";
import { LAMP_TASKS, type TaskKey } from "../lamp/tasks";
import { nodeRegistry } from "../nodes/registry";
import type { PipelineGraph } from "../pipeline/graphSchema";
import { validateGraph } from "../pipeline/validateGraph";
import { withoutSecrets } from "./bundleSecrets";
import { runConfigSchema, type RunConfig } from "./runConfig";
import { BUNDLE_LIMITS, INT32_MAX, runBundleSchema, type BundleExample, type RunBundle } from "./runBundleSchema";

/** A bundle (run or experiment) that cannot be imported; the message says where and why, and nothing was written. */
export class BundleError extends UserInputError {
  override name = "BundleError";
}

/** A run bundle that passed every check that needs no database: what writeRunBundle stores. */
export type CheckedRunBundle = { bundle: RunBundle; graph: PipelineGraph; config: RunConfig };

/** Problems listed in one refusal at most (a bad bundle usually is so in many places). */
const LISTED = 5;

/** `dataset.examples[3].position: Too small...; items[0].status: ...` from zod issues. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[] = []): string {
  const shown = issues.slice(0, LISTED).map((i) => `${formatJsonPath([...prefix, ...(i.path as (string | number)[])])}: ${i.message}`);
  return shown.join("; ") + (issues.length > LISTED ? ` (and ${issues.length - LISTED} more)` : "");
}

/** The first repeated value of `key`: the index that repeats and the index it repeats. */
function firstRepeat<T>(list: readonly T[], key: (t: T) => string): { at: number; earlier: number; value: string } | null {
  const seen = new Map<string, number>();
  for (const [i, entry] of list.entries()) {
    const value = key(entry);
    const earlier = seen.get(value);
    if (earlier !== undefined) return { at: i, earlier, value };
    seen.set(value, i);
  }
  return null;
}

/** An example as a dataset would hold it: the task's profile fields, a scorable gold, no NUL. */
function exampleProblem(example: BundleExample, task: TaskKey): string | null {
  const nul = findNul(example);
  if (nul) return `${formatJsonPath(nul.path)} ${describeNul(nul)}`;
  const fields = LAMP_TASKS[task].profileFields;
  for (const [j, item] of example.profile.entries()) {
    for (const field of fields) {
      const value = item[field];
      const isText = typeof value === "string" || (field === "score" && typeof value === "number");
      if (!isText) {
        return `profile[${j}] (id ${JSON.stringify(item.id)}) ${value === undefined ? `has no "${field}"` : `"${field}" is not a string`} (${task} profile items need id, ${fields.join(", ")})`;
      }
    }
  }
  if (example.gold !== null) {
    const problem = goldOutputProblem(task, example.gold);
    if (problem) return `gold: ${problem}`;
  }
  return null;
}

function checkExamples(bundle: RunBundle): void {
  const examples = bundle.dataset.examples;
  const repeat = firstRepeat(examples, (e) => e.exampleId);
  if (repeat) {
    throw new BundleError(`dataset.examples[${repeat.at}].exampleId ${JSON.stringify(repeat.value)} repeats dataset.examples[${repeat.earlier}] (example ids are unique in a dataset).`);
  }
  for (const [i, example] of examples.entries()) {
    const problem = exampleProblem(example, bundle.dataset.task);
    if (problem) throw new BundleError(`dataset.examples[${i}] (id ${JSON.stringify(example.exampleId)}): ${problem}.`);
  }
}

function checkItems(bundle: RunBundle): void {
  const { items } = bundle;
  const repeat = firstRepeat(items, (i) => i.exampleId);
  if (repeat) {
    throw new BundleError(`items[${repeat.at}].exampleId ${JSON.stringify(repeat.value)} repeats items[${repeat.earlier}] (a run has one item per example).`);
  }
  const exampleIds = new Set(bundle.dataset.examples.map((e) => e.exampleId));
  const strays = items.filter((i) => !exampleIds.has(i.exampleId)).map((i) => i.exampleId);
  if (strays.length > 0) throw new BundleError(`Bundle items refer to examples it does not contain: ${strays.slice(0, 10).join(", ")}`);
  if (bundle.run.totalItems < items.length) {
    throw new BundleError(`run.totalItems is ${bundle.run.totalItems}, but the bundle holds ${items.length} items.`);
  }
  // The run row keeps these sums in 32-bit integer columns.
  for (const key of ["promptTokens", "completionTokens", "reasoningTokens"] as const) {
    const sum = items.reduce((s, i) => s + (i.status === "done" ? i[key] : 0), 0);
    if (sum > INT32_MAX) throw new BundleError(`The items' ${key} add up to ${sum}, more than a run can count (${INT32_MAX}).`);
  }
}

/**
 * Everything about a run bundle that can be checked without a database, strictest first: nesting
 * (before anything recursive reads it), the format (runBundleSchema), unique ids, the task's profile
 * fields and golds, the items against the examples, the pipeline graph, the run config.
 */
export function checkRunBundle(raw: unknown): CheckedRunBundle {
  const deep = findTooDeep(raw, BUNDLE_LIMITS.depth);
  if (deep) throw new BundleError(`Not a ReaPer Studio run bundle: ${formatJsonPath(deep)}: nested deeper than ${BUNDLE_LIMITS.depth} levels.`);
  const parsed = runBundleSchema.safeParse(raw);
  if (!parsed.success) throw new BundleError(`Not a ReaPer Studio run bundle: ${describeIssues(parsed.error.issues)}`);
  const bundle = parsed.data;
  for (const [where, value] of [
    ["dataset.name", bundle.dataset.name],
    ["pipeline.name", bundle.pipeline.name],
    ["pipeline.description", bundle.pipeline.description],
    ["run.name", bundle.run.name],
  ] as const) {
    const nul = findNul(value);
    if (nul) throw new BundleError(`${where} ${describeNul(nul)}.`);
  }
  checkExamples(bundle);
  checkItems(bundle);

  const graphCheck = validateGraph(bundle.pipeline.graph, nodeRegistry, { requireScoreNode: true });
  if (!graphCheck.ok) {
    throw new BundleError(`The bundle's pipeline is not valid here:\n${graphCheck.issues.map((i) => `- ${i.message}`).join("\n")}`);
  }
  const config = runConfigSchema.safeParse(withoutSecrets(bundle.run.config));
  if (!config.success) throw new BundleError(`The bundle's run config is not valid: ${describeIssues(config.error.issues, ["run", "config"])}`);
  return { bundle, graph: graphCheck.value.graph, config: config.data };
}
