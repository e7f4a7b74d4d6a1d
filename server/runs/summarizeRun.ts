import type { Db } from "../db/client";
import { evaluateOfficial } from "../metrics/lamp/officialEvaluation";
import { aggregateFailureSignals, type FailureModeAggregates } from "../metrics/failureModes/runAggregates";
import type { FailureSignals } from "../metrics/failureModes/itemSignals";
import { LAMP_TASKS, isTaskKey } from "../lamp/tasks";

export type RunSummary = {
  task: string;
  /** Items with a stored answer and a gold output: what the official metrics cover. */
  scoredItems: number;
  doneItems: number;
  failedItems: number;
  /** Official LaMP metrics (same keys as eval/evaluation.py) on the extracted answers... */
  official: Record<string, number> | null;
  /** ...and on the raw answers, to show what format misalignment costs. */
  officialRaw: Record<string, number> | null;
  failureModes: FailureModeAggregates | null;
};

/**
 * Official metrics over the finished items (the official script requires predictions for every
 * gold id, so it is applied to exactly the finished, gold-carrying subset) plus the failure-mode
 * aggregates. Recomputed from the stored items, so a resumed run summarises all of its items.
 */
export async function summarizeRun(db: Db, runId: string): Promise<RunSummary> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { dataset: { select: { task: true } } } });
  const items = await db.runItem.findMany({
    where: { runId },
    orderBy: { position: "asc" },
    select: { exampleRowId: true, exampleId: true, status: true, answer: true, rawAnswer: true, metricsJson: true, signalsJson: true },
  });
  const done = items.filter((i) => i.status === "done");
  const golds = new Map(
    (
      await db.example.findMany({
        where: { id: { in: done.map((i) => i.exampleRowId) } },
        select: { id: true, gold: true },
      })
    ).map((e) => [e.id, e.gold]),
  );
  const scored = done.filter((i) => golds.get(i.exampleRowId) != null);
  const task = run.dataset.task;

  let official: Record<string, number> | null = null;
  let officialRaw: Record<string, number> | null = null;
  if (scored.length > 0 && isTaskKey(task)) {
    const goldRows = scored.map((i) => ({ id: i.exampleId, output: golds.get(i.exampleRowId)! }));
    const fileTask = LAMP_TASKS[task].fileTaskName;
    const labels = task === "LaMP-2N" ? "news" : "movie";
    official = evaluateOfficial(fileTask, goldRows, scored.map((i) => ({ id: i.exampleId, output: i.answer ?? "" })), { lamp2Labels: labels });
    officialRaw = evaluateOfficial(fileTask, goldRows, scored.map((i) => ({ id: i.exampleId, output: i.rawAnswer ?? "" })), {
      lamp2Labels: labels,
    });
  }

  const withSignals = done.filter((i) => i.signalsJson !== "{}");
  const failureModes =
    withSignals.length > 0
      ? aggregateFailureSignals(
          withSignals.map((i) => ({
            exampleId: i.exampleId,
            signals: JSON.parse(i.signalsJson) as FailureSignals,
            metrics: JSON.parse(i.metricsJson) as Record<string, number>,
          })),
        )
      : null;

  return {
    task,
    scoredItems: scored.length,
    doneItems: done.length,
    failedItems: items.length - done.length,
    official,
    officialRaw,
    failureModes,
  };
}
