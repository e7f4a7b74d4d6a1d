import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { createLlmClient } from "../llm/llmClient";
import { loadEndpoints } from "./endpointStore";

export type EndpointCheck =
  | { ok: true; latencyMs: number; answer: string; reasoning: boolean; model: string | null }
  | { ok: false; error: string };

/** One tiny uncached request, to tell a user at once whether the endpoint answers. */
export async function checkEndpoint(db: Db, name: string): Promise<EndpointCheck> {
  const endpoint = (await loadEndpoints(db)).find((e) => e.name === name);
  if (!endpoint) throw new NotFoundError(`No endpoint named "${name}".`);
  const client = createLlmClient({ endpoint: { ...endpoint, maxRetries: 0 }, cache: false });
  try {
    const result = await client.complete([{ role: "user", content: "Reply with the single word OK." }], { maxTokens: 256, temperature: 0 });
    return { ok: true, latencyMs: result.latencyMs, answer: result.answer.slice(0, 200), reasoning: result.reasoning !== "", model: result.model ?? null };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.dispose();
  }
}
