import type { Db } from "../db/client";
import { loadEndpoints } from "../settings/endpointStore";
import { embeddingsEndpointsOf, type AvailableEndpoints } from "./endpointPins";

/** The model and embeddings endpoints this process can call: saved ones, then STUDIO_* variables. */
export async function loadAvailableEndpoints(db: Db, env: Record<string, string | undefined> = process.env): Promise<AvailableEndpoints> {
  const models = await loadEndpoints(db, env);
  return { models, embeddings: embeddingsEndpointsOf(models, env) };
}
