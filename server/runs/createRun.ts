import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { validateGraph } from "../pipeline/validateGraph";
import { parseJson } from "../safeJson";
import { endpointNamesOf, pinEndpoints, type AvailableEndpoints } from "./endpointPins";
import { runConfigSchema, type RunConfigInput } from "./runConfig";
import { selectRunExamples } from "./runExamples";
import { profileDonors } from "./profileSource";

export type CreateRunInput = {
  pipelineVersionId: string;
  datasetId: string;
  name?: string;
  /** Run settings; the endpoints are pinned here from `available`, whatever the input says. */
  config: Omit<RunConfigInput, "endpoints" | "endpoint" | "repins">;
  /** The experiment this run is a cell of, and the cell (its factor values) as JSON. */
  experiment?: { id: string; cellJson: string };
};

/**
 * Validates the graph for running, pins the endpoints its nodes call, freezes the config and counts
 * the items; executes nothing.
 */
export async function createRun(
  db: Db,
  registry: NodeRegistry,
  input: CreateRunInput,
  available: AvailableEndpoints,
): Promise<{ runId: string; total: number }> {
  const version = await db.pipelineVersion.findUnique({
    where: { id: input.pipelineVersionId },
    select: { graphJson: true, version: true, pipeline: { select: { name: true } } },
  });
  if (!version) throw new NotFoundError(`Pipeline version ${input.pipelineVersionId} does not exist.`);
  const dataset = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { id: true, name: true } });
  if (!dataset) throw new NotFoundError(`Dataset ${input.datasetId} does not exist.`);

  const validation = validateGraph(parseJson(version.graphJson, `PipelineVersion ${input.pipelineVersionId}.graphJson`), registry, {
    requireScoreNode: true,
    endpoints: endpointNamesOf(available),
  });
  if (!validation.ok) {
    throw new UserInputError(
      `Pipeline "${version.pipeline.name}" v${version.version} cannot run:\n${validation.issues.map((i) => `- ${i.message}`).join("\n")}`,
    );
  }
  const parsed = runConfigSchema.safeParse({ ...input.config, endpoints: pinEndpoints(validation.value, available) });
  if (!parsed.success) {
    throw new UserInputError(`Run settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const config = parsed.data;
  const examples = await selectRunExamples(db, dataset.id, config);
  if (examples.length === 0) throw new UserInputError(`Dataset "${dataset.name}" has no examples for this selection.`);
  // A counterfactual profile needs a second user: refused now, not on every item.
  if (config.profileSource === "other") await profileDonors(db, examples, config.seed);

  const run = await db.run.create({
    data: {
      name: input.name ?? `${version.pipeline.name} v${version.version} on ${dataset.name}${config.profileSource === "own" ? "" : ` (profile: ${config.profileSource === "other" ? "another user's" : "none"})`}`,
      pipelineVersionId: input.pipelineVersionId,
      datasetId: dataset.id,
      configJson: JSON.stringify(config),
      seed: config.seed,
      totalItems: examples.length,
      experimentId: input.experiment?.id ?? null,
      cellJson: input.experiment?.cellJson ?? "{}",
    },
    select: { id: true },
  });
  return { runId: run.id, total: examples.length };
}
