import { parseArgs } from "node:util";
import { getDb } from "../../server/db/client";
import { prepareDatabase } from "../../server/samples/prepareDatabase";
import { nodeRegistry } from "../../server/nodes/registry";
import { loadEndpointNames } from "../../server/runs/availableEndpoints";
import { createRunService } from "../../server/runs/runService";
import { runEvents, type RunProgress } from "../../server/runs/runEvents";
import { runSummarySchema } from "../../server/runs/summarizeRun";
import { parseJsonAs } from "../../server/safeJson";
import { redactUrlsIn } from "../../server/urlCredentials";
import { formatDuration, formatSummaryTable, progressLine } from "../runOutput";
import { PROFILE_SOURCES, type ProfileSource } from "../../server/runs/profileSource";
import { resolveDataset, resolvePipelineVersion } from "../references";
import { runExecutorFor, wholeNumberOption } from "../runOptions";

export const description = "Run a pipeline over a dataset: --pipeline <template|name|file.json> --dataset <name> [--limit N] [--resume RUN_ID] [--queue]";

const usage = `Usage:
  npm run cli -- run --pipeline <template key | pipeline name | graph.json> --dataset <dataset name or id>
                     [--limit N] [--concurrency C] [--seed S] [--no-cache] [--name NAME]
                     [--profile own|other|none]   whose profile each example is shown (other: another
                                                  user's, a derangement of the users by --seed)
  npm run cli -- run --resume RUN_ID [--repin]
The exit status is 1 when any item failed (the run is kept and can be resumed); --allow-failed makes
a completed run with failed items exit 0.
Add --queue to hand the items to worker processes (npm run cli -- worker, on any machine sharing the
database) through Redis at STUDIO_REDIS_URL, and follow the run here; Ctrl-C cancels it either way.
Templates: profile-baseline, lamp-no-profile, rag-k4, reasoning-vanilla, reaper.
Models: the endpoints saved on the studio's Models page, or STUDIO_LLM_BASE_URL / STUDIO_LLM_MODEL /
STUDIO_LLM_API_KEY (or STUDIO_LLM_GGUF_PATH). A run keeps the endpoints it started with: resuming
refuses when one changed since, unless --repin (recorded on the run).`;

function profileSourceOf(value: string | undefined): ProfileSource | undefined {
  if (value === undefined) return undefined;
  if (!(PROFILE_SOURCES as readonly string[]).includes(value)) throw new Error(`--profile must be one of ${PROFILE_SOURCES.join(", ")}, got "${value}".`);
  return value as ProfileSource;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pipeline: { type: "string" },
      dataset: { type: "string" },
      limit: { type: "string" },
      concurrency: { type: "string" },
      seed: { type: "string" },
      name: { type: "string" },
      resume: { type: "string" },
      profile: { type: "string" },
      "no-cache": { type: "boolean", default: false },
      repin: { type: "boolean", default: false },
      queue: { type: "boolean", default: false },
      "allow-failed": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || (!values.resume && (!values.pipeline || !values.dataset))) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const executor = runExecutorFor(values.queue);
  if (!executor) return 2;
  await prepareDatabase();
  const db = getDb();
  const service = createRunService(db, executor, { registry: nodeRegistry });

  let runId = values.resume;
  if (!runId) {
    const created = await service.create({
      // A graph file is checked against this studio's endpoints before it is stored.
      pipelineVersionId: await resolvePipelineVersion(db, values.pipeline!, { endpoints: await loadEndpointNames(db) }),
      datasetId: await resolveDataset(db, values.dataset!),
      name: values.name,
      config: {
        limit: wholeNumberOption("limit", values.limit),
        concurrency: wholeNumberOption("concurrency", values.concurrency),
        seed: wholeNumberOption("seed", values.seed),
        useCache: !values["no-cache"],
        profileSource: profileSourceOf(values.profile),
      },
    });
    runId = created.runId;
    console.error(`Run ${runId}: ${created.total} examples`);
  } else {
    console.error(`Resuming run ${runId}`);
  }

  const onSigint = () => {
    console.error("\nCancelling: finished items are kept; resume with --resume " + runId);
    service.cancel(runId).catch((err: unknown) => console.error(`Could not cancel: ${err instanceof Error ? err.message : String(err)}`));
  };
  process.once("SIGINT", onSigint);
  const tty = process.stderr.isTTY;
  let last: RunProgress | null = null;
  const unsubscribe = runEvents.subscribe(runId, (event) => {
    if (event.type === "progress") {
      last = event.progress;
      if (tty) process.stderr.write(`\r${progressLine(event.progress)}\x1b[K`);
    } else if (event.type === "item-failed") {
      process.stderr.write(`${tty ? "\r\x1b[K" : ""}example ${event.exampleId} failed: ${event.error}\n`);
    }
  });
  // Without a terminal, print a progress line every few seconds instead of redrawing one.
  let printed = "";
  const ticker = tty
    ? null
    : setInterval(() => {
        const line = last ? progressLine(last) : "";
        if (line && line !== printed) console.error((printed = line));
      }, 5000);
  try {
    const doneBefore = (await db.run.findUniqueOrThrow({ where: { id: runId }, select: { doneItems: true } })).doneItems;
    const started = await service.start(runId, { repin: values.repin });
    for (const warning of started.warnings) console.error(`Warning: ${warning}`);
    if (executor.kind === "bullmq") console.error("Items queued; worker processes execute them: npm run cli -- worker");
    const result = await service.waitUntilStopped(runId);
    if (tty) process.stderr.write("\n");
    const stored = await db.run.findUniqueOrThrow({ where: { id: runId } });
    const elapsed = stored.startedAt && stored.finishedAt ? stored.finishedAt.getTime() - stored.startedAt.getTime() : 0;
    console.log(
      `Run ${runId}: ${result.status} (${result.done - doneBefore} done, ${result.failed} failed, ${doneBefore} already done before) in ${formatDuration(elapsed)}`,
    );
    // Runs stored before URLs were redacted in errors may still quote one with its credentials.
    if (stored.error) console.log(`Error: ${redactUrlsIn(stored.error)}`);
    if (stored.summaryJson) console.log(formatSummaryTable(parseJsonAs(stored.summaryJson, runSummarySchema, `Run ${runId}.summaryJson`), stored));
    // A run with failed items exits 1 (scripts notice), unless --allow-failed.
    if (result.status === "completed" && result.failed > 0 && values["allow-failed"]) return 0;
    return result.status === "completed" && result.failed === 0 ? 0 : 1;
  } finally {
    if (ticker) clearInterval(ticker);
    unsubscribe();
    process.off("SIGINT", onSigint);
    await executor.close?.();
    await db.$disconnect();
  }
}
