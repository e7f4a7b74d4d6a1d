/**
 * The throughput benchmark's baseline: the `openai` npm client (the studio's own dependency, same
 * version) making the same number of requests at the same concurrency from a simple worker pool,
 * with nothing else (no database, no pipeline). Shapes:
 * - "single": one chat completion per item (rag-k4, reasoning-vanilla);
 * - "reaper": per item, 3 candidates in parallel, each a fresh stream then a vLLM continuation
 *   stream, then one synthesis completion (the call graph the studio's ReaPer makes when RPI fires
 *   once per candidate).
 * Prompts are synthetic, about the size of LaMP's 256-token official prompt.
 */
import OpenAI from "openai";
import type { ChildReport } from "./shared";

export type BareChildConfig = { baseUrl: string; model: string; items: number; concurrency: number; shape: "single" | "reaper"; candidates?: number };

const hrUs = () => Number(process.hrtime.bigint() / 1000n);
const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

function promptFor(i: number): string {
  const words = ["movie", "tag", "user", "profile", "society", "worker", "freedom", "story", "dystopia", "classic"];
  const body = Array.from({ length: 180 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(" ");
  return `Which tag does this movie relate to among the following tags? ${i}: ${body}`;
}

async function main(): Promise<void> {
  const config = ((await new Promise((resolve) => process.once("message", resolve))) as { config: BareChildConfig }).config;
  const client = new OpenAI({ baseURL: config.baseUrl, apiKey: "not-needed", maxRetries: 0, timeout: 120_000, logLevel: "off" });
  const params = { model: config.model, temperature: 0, max_tokens: 2048, seed: 0 };

  const drain = async (body: Record<string, unknown>) => {
    const stream = await client.chat.completions.create({ ...params, ...body, stream: true, stream_options: { include_usage: true } } as unknown as OpenAI.ChatCompletionCreateParamsStreaming);
    let text = "";
    for await (const chunk of stream) {
      const delta = (chunk.choices?.[0]?.delta ?? {}) as Record<string, unknown>;
      text += String(delta.reasoning_content ?? "") + String(delta.content ?? "");
    }
    return text;
  };
  const item = async (i: number) => {
    const messages = [{ role: "user" as const, content: promptFor(i) }];
    if (config.shape === "single") {
      const r = await client.chat.completions.create({ ...params, messages });
      if (!r.choices?.[0]?.message) throw new Error("no message");
      return;
    }
    const candidates = await Promise.all(
      Array.from({ length: config.candidates ?? 3 }, async () => {
        const first = await drain({ messages });
        return drain({
          messages: [...messages, { role: "assistant", content: `<think>\n${first.slice(0, 600)}\n\nI will commit to one answer.\n` }],
          continue_final_message: true,
          add_generation_prompt: false,
        });
      }),
    );
    await client.chat.completions.create({ ...params, messages: [...messages, { role: "user", content: `Candidates: ${candidates.map((c) => c.slice(-20)).join(" | ")}` }] });
  };

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let done = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const c0 = process.cpuUsage();
  const u0 = hrUs();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(config.concurrency, config.items) }, async () => {
      while (next < config.items) {
        const i = next++;
        try {
          await item(i);
          done++;
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const u1 = hrUs();
  const c = process.cpuUsage(c0);
  const report: ChildReport = {
    items: config.items,
    done,
    failed,
    wallMs,
    cpuMs: (c.user + c.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / (1 << 20),
    windowUs: [u0, u1],
    firstError,
  };
  await send({ type: "report", report });
  process.exit(0);
}

main().catch(async (err: unknown) => {
  console.error(err);
  await send({ type: "error", message: err instanceof Error ? err.stack ?? err.message : String(err) }).catch(() => {});
  process.exit(1);
});
