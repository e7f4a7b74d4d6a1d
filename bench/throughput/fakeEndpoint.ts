/**
 * The throughput benchmark's model: a fixed-latency OpenAI-compatible endpoint, run as a child
 * process of its own (so its CPU is not the studio's). Every chat completion is answered exactly
 * `latencyMs` after its body arrived, with a precomputed reply:
 * - plain mode, non-streaming: a short LaMP-2 label;
 * - reasoning mode, non-streaming: a reasoning_content trace of a few hundred tokens, then the label;
 * - a fresh stream (RPI candidates): the same trace as reasoning_content deltas, with three hesitation
 *   markers in stage 2 (so the studio's RPI fires once and continues the turn), then the label;
 * - a vLLM continuation (continue_final_message): the end of the trace, </think>, the label.
 * It counts requests by kind and the requests in flight (time-weighted mean and max over the window
 * from the first arrival to the last response after a `configure`).
 *
 * Parent protocol (IPC): it sends {type:"listening", port}; then
 *   {type:"configure", latencyMs, mode} -> resets the counters -> {type:"configured"}
 *   {type:"stats"} -> {type:"stats", stats: EndpointStats}
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { REASONING_TRACE, CONTINUATION_TEXT, TRACE_ANSWER, type EndpointStats, type EndpointMode } from "./shared";

let latencyMs = 200;
let mode: EndpointMode = "plain";

const stats = {
  requests: { plain: 0, stream: 0, continuation: 0, other: 0 },
  inFlight: 0,
  maxInFlight: 0,
  integral: 0,
  lastChange: 0,
  firstArrival: 0,
  lastEnd: 0,
};

function reset(): void {
  stats.requests = { plain: 0, stream: 0, continuation: 0, other: 0 };
  stats.maxInFlight = stats.inFlight;
  stats.integral = 0;
  stats.lastChange = performance.now();
  stats.firstArrival = 0;
  stats.lastEnd = 0;
}

function change(delta: number): void {
  const now = performance.now();
  // Only the window from the first arrival counts towards the mean.
  if (stats.firstArrival > 0) stats.integral += stats.inFlight * (now - stats.lastChange);
  stats.lastChange = now;
  stats.inFlight += delta;
  if (delta > 0 && stats.firstArrival === 0) stats.firstArrival = now;
  if (delta < 0) stats.lastEnd = now;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
}

function snapshot(): EndpointStats {
  const span = stats.lastEnd - stats.firstArrival;
  return {
    requests: { ...stats.requests },
    maxInFlight: stats.maxInFlight,
    meanInFlight: span > 0 ? stats.integral / span : 0,
    spanMs: Math.max(0, span),
  };
}

const MODEL = "fake";
const usage = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });

function completionBody(reasoning: string | null, content: string, promptTokens: number): string {
  const message: Record<string, unknown> = { role: "assistant", content };
  if (reasoning) message.reasoning_content = reasoning;
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 0,
    model: MODEL,
    choices: [{ index: 0, message, finish_reason: "stop" }],
    usage: usage(promptTokens, Math.ceil((reasoning ?? "").length / 4.5) + 2),
  });
}

/** An SSE body: 16-character deltas (as the tests' fake server), finish, usage, [DONE]. */
function sseBody(deltas: Array<{ reasoning_content?: string; content?: string }>, completionTokens: number): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 0, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let out = chunk({ role: "assistant", content: "" }, null);
  for (const d of deltas) out += chunk(d, null);
  out += chunk({}, "stop");
  out += `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 0, model: MODEL, choices: [], usage: usage(400, completionTokens) })}\n\n`;
  out += "data: [DONE]\n\n";
  return out;
}

const pieces = (text: string, size = 16) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

const FRESH_STREAM = sseBody(
  [...pieces(REASONING_TRACE).map((r) => ({ reasoning_content: r })), { content: TRACE_ANSWER }],
  Math.ceil(REASONING_TRACE.length / 4.5) + 2,
);
const CONTINUATION_STREAM = sseBody(
  pieces(CONTINUATION_TEXT).map((c) => ({ content: c })),
  Math.ceil(CONTINUATION_TEXT.length / 4.5),
);
const MODELS = JSON.stringify({ object: "list", data: [{ id: MODEL, object: "model", created: 0, owned_by: "vllm" }] });

const server = http.createServer((req, res) => {
  change(+1);
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    change(-1);
  };
  res.on("finish", settle);
  res.on("close", settle);
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/v1/models") {
      stats.requests.other++;
      res.writeHead(200, { "content-type": "application/json" }).end(MODELS);
      return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      stats.requests.other++;
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${path}` } }));
      return;
    }
    const raw = Buffer.concat(chunks).toString("utf8");
    // Cheap classification of the raw body: the endpoint's CPU should stay small.
    const stream = raw.includes('"stream":true');
    const continuation = raw.includes('"continue_final_message":true');
    const promptTokens = Math.round(raw.length / 4.5);
    let send: () => void;
    if (stream) {
      if (continuation) stats.requests.continuation++;
      else stats.requests.stream++;
      const body = continuation ? CONTINUATION_STREAM : FRESH_STREAM;
      send = () => {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.end(body);
      };
    } else {
      stats.requests.plain++;
      const body = mode === "reasoning" ? completionBody(REASONING_TRACE, TRACE_ANSWER, promptTokens) : completionBody(null, TRACE_ANSWER, promptTokens);
      send = () => {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      };
    }
    setTimeout(() => {
      if (!res.destroyed) send();
    }, latencyMs);
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.maxRequestsPerSocket = 0;

process.on("message", (raw: unknown) => {
  const m = raw as { type: string; latencyMs?: number; mode?: EndpointMode };
  if (m.type === "configure") {
    latencyMs = m.latencyMs ?? latencyMs;
    mode = m.mode ?? mode;
    reset();
    process.send!({ type: "configured" });
  } else if (m.type === "stats") {
    process.send!({ type: "stats", stats: snapshot() });
  } else if (m.type === "stop") {
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => {
  reset();
  process.send!({ type: "listening", port: (server.address() as AddressInfo).port });
});
