import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { LAMP_TASKS, TASK_KEYS, isTaskKey } from "../lamp/tasks";

function taskTitleOf(task: string): string {
  return isTaskKey(task) ? LAMP_TASKS[task].title : "";
}

export type DatasetSummary = {
  id: string;
  name: string;
  task: string;
  split: string;
  splitKind: string;
  source: string;
  description: string;
  exampleCount: number;
  goldCount: number;
  createdAt: Date;
  /** The task's name in the registry ("Personalized Tweet Paraphrasing"), empty for unknown tasks. */
  taskTitle: string;
};

const summaryFields = {
  id: true,
  name: true,
  task: true,
  split: true,
  splitKind: true,
  source: true,
  description: true,
  exampleCount: true,
  goldCount: true,
  createdAt: true,
} as const;

/** Every dataset, grouped by task order (LaMP-1 first), then by name. */
export async function listDatasets(db: Db): Promise<DatasetSummary[]> {
  const rows = await db.dataset.findMany({ select: summaryFields });
  return rows
    .map((r) => ({ ...r, taskTitle: taskTitleOf(r.task) }))
    .sort((a, b) => compareTaskKeys(a.task, b.task) || a.name.localeCompare(b.name));
}

export type ExamplePreview = {
  exampleId: string;
  input: string;
  profileSize: number;
  gold: string | null;
};

export async function getDataset(
  db: Db,
  id: string,
  examplesLimit = 20,
): Promise<DatasetSummary & { examples: ExamplePreview[] }> {
  const dataset = await db.dataset.findUnique({
    where: { id },
    select: {
      ...summaryFields,
      examples: {
        orderBy: { position: "asc" },
        take: examplesLimit,
        select: { exampleId: true, input: true, profileSize: true, gold: true },
      },
    },
  });
  if (!dataset) throw new NotFoundError(`Dataset ${id} does not exist.`);
  return { ...dataset, taskTitle: taskTitleOf(dataset.task) };
}

/** Task registry order (LaMP-2N right after LaMP-2); keys outside the registry go last. */
export function compareTaskKeys(a: string, b: string): number {
  const rank = (key: string) => {
    const i = (TASK_KEYS as readonly string[]).indexOf(key.replace("_", "-"));
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
