import type { Db } from "../db/client";
import type { EndpointNames } from "../pipeline/endpointRequests";
import { loadEndpoints } from "../settings/endpointStore";
import { embeddingsEndpointsOf, endpointNamesOf, type AvailableEndpoints } from "./endpointPins";

/** The model and embeddings endpoints this process can call: saved ones, then STUDIO_* variables. */
export async function loadAvailableEndpoints(db: Db, env: Record<string, string | undefined> = process.env): Promise<AvailableEndpoints> {
  const models = await loadEndpoints(db, env);
  return { models, embeddings: embeddingsEndpointsOf(models, env) };
}

/** The endpoint names a graph's nodes may ask for here (validateGraph's `endpoints` option). */
export async function loadEndpointNames(db: Db, env: Record<string, string | undefined> = process.env): Promise<EndpointNames> {
  return endpointNamesOf(await loadAvailableEndpoints(db, env));
}
