import fs from "node:fs";
import { parseArgs } from "node:util";
import { getDb } from "../../server/db/client";
import { prepareDatabase } from "../../server/samples/prepareDatabase";
import { nodeRegistry } from "../../server/nodes/registry";
import { createRunService } from "../../server/runs/runService";
import { createExperimentService } from "../../server/experiments/experimentService";
import { summarizeExperiment, type ExperimentSummary } from "../../server/experiments/experimentSummary";
import { STUDIES, STUDY_KEYS, studySpec, type StudyKey } from "../../server/experiments/studies";
import type { ExperimentSpecInput } from "../../server/experiments/experimentSpec";
import { itemMetricLabel } from "../../server/metrics/metricCatalog";
import { resolveDataset, resolvePipelineVersion } from "../references";
import { runExecutorFor, wholeNumberOption } from "../runOptions";

export const description = "Run an experiment (a grid of runs): --study <key> --dataset <name> | --file design.json; --resume EXPERIMENT_ID";

const usage = `Usage:
  npm run cli -- experiment --study <key> --dataset <name> [--dataset <name> ...] [--endpoints a,b]
                            [--pipeline <template|name|file>] [--limit N] [--repetitions R] [--concurrency C]
  npm run cli -- experiment --file design.json          a design: {"name", "pipeline" (template, name or file) or
                                                        "pipelineVersionId", "datasets" (names) or "datasetIds",
                                                        "factors", "repetitions", "limit", "seed", "concurrency"}
  npm run cli -- experiment --resume EXPERIMENT_ID [--repin]
  npm run cli -- experiment --size ...                  only print runs x items x model calls, create nothing
Studies:
${STUDY_KEYS.map((k) => `  ${k.padEnd(24)} ${STUDIES[k].description}`).join("\n")}
Each cell is an ordinary run (its own pinned endpoints, resumable); cells share the response cache.
Add --queue to hand the items to worker processes through Redis at STUDIO_REDIS_URL.`;

function fmt(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

/** The cells and the contrasts as text tables. */
function formatExperiment(summary: ExperimentSummary): string {
  const metric = summary.metric ? itemMetricLabel(summary.metric) : "metric";
  const lines = [`Experiment ${summary.id} "${summary.name}": ${summary.status}, ${summary.cells.length} runs`, ""];
  const width = Math.max(12, ...summary.cells.map((c) => c.label.length));
  lines.push(`${"cell".padEnd(width)}  ${metric.padStart(9)}  95% CI             reasoning tok.  invalid raw  interventions  items`);
  for (const c of summary.cells) {
    const ci = c.metric ? `[${fmt(c.metric.lower)}, ${fmt(c.metric.upper)}]` : "";
    lines.push(
      `${c.label.padEnd(width)}  ${fmt(c.metric?.estimate).padStart(9)}  ${ci.padEnd(18)} ${fmt(c.medianReasoningTokens, 0).padStart(14)}  ${fmt(c.invalidRawRate, 3).padStart(11)}  ${fmt(c.meanInterventions, 2).padStart(13)}  ${c.done}/${c.total}`,
    );
  }
  if (summary.contrasts.length > 0) {
    lines.push("", `Against each factor's first value, everything else fixed (${metric}, paired 95% CI over shared examples):`);
    for (const k of summary.contrasts) {
      const d = k.difference;
      lines.push(`  ${k.factor}=${String(k.value)} vs ${String(k.reference)}${k.fixed ? ` (${k.fixed})` : ""}: ${d.estimate >= 0 ? "+" : ""}${fmt(d.estimate)} [${fmt(d.lower)}, ${fmt(d.upper)}], n=${k.shared}`);
    }
  }
  for (const g of summary.personalizationGaps) {
    lines.push(`Personalization gap own − ${g.versus}${g.fixed ? ` (${g.fixed})` : ""}: ${g.gap.estimate >= 0 ? "+" : ""}${fmt(g.gap.estimate)} [${fmt(g.gap.lower)}, ${fmt(g.gap.upper)}], n=${g.shared}`);
  }
  return lines.join("\n");
}

/** A design file: names resolved to ids. */
async function designFromFile(db: ReturnType<typeof getDb>, file: string): Promise<ExperimentSpecInput> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const { pipeline, datasets, ...rest } = raw;
  return {
    ...(rest as ExperimentSpecInput),
    ...(typeof pipeline === "string" ? { pipelineVersionId: await resolvePipelineVersion(db, pipeline) } : {}),
    ...(Array.isArray(datasets) ? { datasetIds: await Promise.all(datasets.map((d) => resolveDataset(db, String(d)))) } : {}),
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      study: { type: "string" },
      file: { type: "string" },
      dataset: { type: "string", multiple: true },
      endpoints: { type: "string" },
      pipeline: { type: "string" },
      limit: { type: "string" },
      repetitions: { type: "string" },
      concurrency: { type: "string" },
      resume: { type: "string" },
      repin: { type: "boolean", default: false },
      size: { type: "boolean", default: false },
      queue: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || (!values.resume && !values.file && !(values.study && values.dataset))) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (values.study && !(STUDY_KEYS as string[]).includes(values.study)) {
    console.error(`Unknown study "${values.study}". Studies: ${STUDY_KEYS.join(", ")}`);
    return 2;
  }
  const executor = runExecutorFor(values.queue);
  if (!executor) return 2;
  await prepareDatabase();
  const db = getDb();
  const experiments = createExperimentService(db, createRunService(db, executor, { registry: nodeRegistry }), nodeRegistry);
  let ticker: NodeJS.Timeout | null = null;
  try {
    let experimentId = values.resume;
    if (!experimentId) {
      const design = values.file
        ? await designFromFile(db, values.file)
        : await studySpec(db, values.study as StudyKey, {
            datasetIds: await Promise.all(values.dataset!.map((d) => resolveDataset(db, d))),
            endpoints: values.endpoints?.split(",").map((e) => e.trim()).filter(Boolean),
            pipelineVersionId: values.pipeline ? await resolvePipelineVersion(db, values.pipeline) : undefined,
            limit: wholeNumberOption("limit", values.limit),
            repetitions: wholeNumberOption("repetitions", values.repetitions),
            concurrency: wholeNumberOption("concurrency", values.concurrency),
          });
      const size = await experiments.estimate(design);
      console.error(`${size.runs} runs, ${size.items} items, ${size.modelCalls[0]}–${size.modelCalls[1]} model calls (before the cache).`);
      if (values.size) return 0;
      experimentId = (await experiments.create(design)).experimentId;
      console.error(`Experiment ${experimentId} created.`);
    } else {
      console.error(`Resuming experiment ${experimentId}`);
    }
    const onSigint = () => {
      console.error(`\nCancelling: finished items are kept; resume with --resume ${experimentId}`);
      experiments.cancel(experimentId!).catch((err: unknown) => console.error(`Could not cancel: ${err instanceof Error ? err.message : String(err)}`));
    };
    process.once("SIGINT", onSigint);
    const started = await experiments.start(experimentId, { repin: values.repin });
    for (const warning of started.warnings) console.error(`Warning: ${warning}`);
    ticker = setInterval(() => {
      summarizeExperiment(db, experimentId!)
        .then((s) => console.error(`${s.cells.filter((c) => c.status === "completed").length}/${s.cells.length} runs done · items ${s.progress.done + s.progress.failed}/${s.progress.total}`))
        .catch(() => {});
    }, 5000);
    await experiments.waitUntilStopped(experimentId);
    process.off("SIGINT", onSigint);
    const summary = await summarizeExperiment(db, experimentId);
    console.log(formatExperiment(summary));
    return summary.status === "completed" && summary.progress.failed === 0 ? 0 : 1;
  } finally {
    if (ticker) clearInterval(ticker);
    await executor.close?.();
    await db.$disconnect();
  }
}
