import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { createLlmClient } from "../llm/llmClient";
import { LlmError } from "../llm/errors";
import { redactUrlsIn } from "../urlCredentials";
import { loadEndpoints } from "./endpointStore";

export type EndpointCheck =
  | { ok: true; latencyMs: number; answer: string; reasoning: boolean; model: string | null }
  | { ok: false; error: string };

/**
 * What a failed check says. An answer's body is never echoed (issue 10): the Test button must not
 * turn the studio into a reader of other servers' pages for whoever can use it. Statuses, timeouts
 * and connection errors are said as they are, with any URL in them shown without credentials.
 */
function checkFailureMessage(err: unknown): string {
  if (err instanceof LlmError && (err.status !== undefined || err.kind === "malformed_response")) {
    const what = err.status !== undefined ? `HTTP ${err.status}` : "a response that is not an OpenAI-compatible answer";
    return `The endpoint answered ${what} (${err.kind.replace(/_/g, " ")}). Its response is not shown here; check the base URL, model and key.`;
  }
  return redactUrlsIn(err instanceof Error ? err.message : String(err));
}

/** One tiny uncached request, to tell a user at once whether the endpoint answers. */
export async function checkEndpoint(db: Db, name: string): Promise<EndpointCheck> {
  const endpoint = (await loadEndpoints(db)).find((e) => e.name === name);
  if (!endpoint) throw new NotFoundError(`No endpoint named "${name}".`);
  const client = createLlmClient({ endpoint: { ...endpoint, maxRetries: 0 }, cache: false });
  try {
    const result = await client.complete([{ role: "user", content: "Reply with the single word OK." }], { maxTokens: 256, temperature: 0 });
    return { ok: true, latencyMs: result.latencyMs, answer: result.answer.slice(0, 200), reasoning: result.reasoning !== "", model: result.model ?? null };
  } catch (err) {
    return { ok: false, error: checkFailureMessage(err) };
  } finally {
    await client.dispose();
  }
}
