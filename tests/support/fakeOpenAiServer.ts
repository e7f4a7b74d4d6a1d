/**
 * A real HTTP server speaking the OpenAI-compatible API, for tests. It listens on 127.0.0.1 at a free
 * port and answers from a script of rules: plain answers, `<think>` traces, `reasoning_content` /
 * `reasoning` fields, SSE streams (optionally slow, optionally cut), 429 with Retry-After, 5xx, hangs,
 * malformed JSON and connection resets. Every request is recorded for assertions, and the number of
 * requests in flight is tracked (for concurrency-limit tests).
 *
 * Continuation: a chat request with vLLM's `continue_final_message: true` or DeepSeek's `prefix: true`
 * on the last assistant message is a continuation; the reply's text is what gets generated after the
 * given prefix (the server never repeats the prefix, as real servers don't). Either capability can be
 * switched off to imitate servers that reject the extra field with HTTP 400.
 *
 * Usage:
 *   const server = await startFakeOpenAiServer({ rules: [{ match: { lastUserIncludes: "rate" }, reply: { content: "4" } }] });
 *   ... new OpenAI({ baseURL: server.baseUrl, apiKey: "not-needed", maxRetries: 0 }) ...
 *   expect(server.requests).toHaveLength(1);
 *   await server.close();
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens?: number;
}

/** A successful generation. For /v1/completions only `content` is used (raw text, tags included). */
export interface FakeCompletionReply {
  kind?: "completion";
  /** Answer text (the `content` field; or the `text` of a /v1/completions choice). */
  content?: string;
  /** Reasoning sent in a separate field (see reasoningField). Put inline `<think>` traces in content. */
  reasoning?: string;
  /** Field the reasoning goes in: DeepSeek / vLLM `reasoning_content` (default) or OpenRouter `reasoning`. */
  reasoningField?: "reasoning_content" | "reasoning";
  /** Streaming: exact deltas to send. Default: reasoning then content, cut into chunkSize-character pieces. */
  deltas?: Array<{ content?: string; reasoning?: string }>;
  chunkSize?: number;
  /** Streaming: pause before each chunk. */
  chunkDelayMs?: number;
  /** Milliseconds before any answer is sent (a slow model, for tests that act while it thinks). */
  delayMs?: number;
  finishReason?: string;
  /** Reported usage; false sends none. Default: whitespace word counts. */
  usage?: FakeUsage | false;
  /** Streaming: destroy the connection after this many delta chunks. */
  resetAfterChunks?: number;
}

export type FakeReply =
  | FakeCompletionReply
  | {
      kind: "error";
      status: number;
      message?: string;
      /** Replaces the default `{ error: { message, type, code } }` body. */
      body?: unknown;
      headers?: Record<string, string>;
      /** Shortcut for the Retry-After header (seconds, or an HTTP-date string). */
      retryAfter?: number | string;
    }
  /** Never answers; the request stays open until the client gives up or the server closes. */
  | { kind: "hang" }
  /** HTTP 200 with a body that is not valid JSON (a broken SSE event for streams). */
  | { kind: "malformed-json" }
  /** Destroys the connection without answering. */
  | { kind: "reset" };

export type FakeContinuation = "vllm" | "deepseek-prefix" | null;

export interface RecordedRequest {
  /** 0-based order of arrival over all paths. */
  index: number;
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body, or null when there was none or it did not parse. */
  body: any;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** Requests in flight when this one arrived, itself included. */
  inFlightAtArrival: number;
  stream: boolean;
  /** Content of the last user message (chat), if any. */
  lastUserMessage?: string;
  /** Prompt of a /v1/completions request. */
  prompt?: string;
  /** Which continuation protocol the request used. */
  continuation: FakeContinuation;
  /** The assistant prefix being continued (DeepSeek: reasoning_content + content). */
  assistantPrefix?: string;
}

export interface FakeRuleMatch {
  path?: string;
  /** Substring or pattern of the last user message. */
  lastUserIncludes?: string | RegExp;
  /** Substring or pattern of a /v1/completions prompt. */
  promptIncludes?: string | RegExp;
  /** Substring or pattern of the assistant prefix of a continuation request. */
  assistantPrefixIncludes?: string | RegExp;
  /** true: only continuation requests; false: only fresh ones. */
  continuation?: boolean;
  /** 0-based global arrival index. */
  requestIndex?: number;
  stream?: boolean;
  model?: string;
}

export interface FakeRule {
  /** All given conditions must hold; no conditions match every request. */
  match?: FakeRuleMatch;
  reply: FakeReply | ((request: RecordedRequest) => FakeReply);
  /** The rule is used up after this many matches (default: unlimited). */
  times?: number;
}

export interface FakeOpenAiServerOptions {
  rules?: FakeRule[];
  /** When no rule matches. Default: `{ content: "echo: <last user message or prompt>" }`. */
  defaultReply?: FakeReply | ((request: RecordedRequest) => FakeReply);
  /** Model name reported by /v1/models and in responses (default "fake-model"). */
  model?: string;
  /** owned_by of /v1/models entries ("vllm" makes the server look like vLLM). Default "fake". */
  ownedBy?: string;
  /** vLLM reports max_model_len in /v1/models; set to include it. */
  maxModelLen?: number;
  /** Continuation protocols accepted; a rejected one gets HTTP 400 like a strict server. Both default true. */
  supports?: { continueFinalMessage?: boolean; prefix?: boolean };
  /** When set, any other bearer token gets HTTP 401 whose message echoes the token (as OpenAI does). */
  requireApiKey?: string;
  /** Embedding vector length (default 16). */
  embeddingDims?: number;
}

export interface FakeOpenAiServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/v1 — what an OpenAI client takes as baseURL. */
  readonly baseUrl: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests to one path (e.g. "/v1/chat/completions"). */
  requestsTo(path: string): RecordedRequest[];
  readonly inFlight: number;
  /** Highest number of requests in flight at once since start (or the last reset). */
  readonly maxInFlight: number;
  addRule(rule: FakeRule): void;
  setRules(rules: FakeRule[]): void;
  /** Clears the request log, the in-flight peak and the rules. */
  reset(): void;
  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

interface ActiveRule extends FakeRule {
  used: number;
}

function matches(pattern: string | RegExp | undefined, text: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (text === undefined) return false;
  return typeof pattern === "string" ? text.includes(pattern) : pattern.test(text);
}

function ruleMatches(match: FakeRuleMatch | undefined, request: RecordedRequest): boolean {
  if (!match) return true;
  if (match.path !== undefined && match.path !== request.path) return false;
  if (match.requestIndex !== undefined && match.requestIndex !== request.index) return false;
  if (match.stream !== undefined && match.stream !== request.stream) return false;
  if (match.model !== undefined && match.model !== request.body?.model) return false;
  if (match.continuation !== undefined && match.continuation !== (request.continuation !== null)) return false;
  if (!matches(match.lastUserIncludes, request.lastUserMessage)) return false;
  if (!matches(match.promptIncludes, request.prompt)) return false;
  if (!matches(match.assistantPrefixIncludes, request.assistantPrefix)) return false;
  return true;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Deterministic unit vector from the text's sha256, so similar tests give identical embeddings. */
export function fakeEmbedding(text: string, dims = 16): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dims; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dims; i += 2) values.push(digest.readUInt16BE(i) / 32767.5 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

function chunkText(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const model = options.model ?? "fake-model";
  const supports = { continueFinalMessage: true, prefix: true, ...options.supports };
  const embeddingDims = options.embeddingDims ?? 16;
  let rules: ActiveRule[] = (options.rules ?? []).map((rule) => ({ ...rule, used: 0 }));
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let responseCounter = 0;
  const sockets = new Set<Socket>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  const defaultReply =
    options.defaultReply ??
    ((request: RecordedRequest): FakeReply => ({ content: `echo: ${request.lastUserMessage ?? request.prompt ?? ""}` }));

  function pickReply(request: RecordedRequest): FakeReply {
    for (const rule of rules) {
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      if (!ruleMatches(rule.match, request)) continue;
      rule.used++;
      return typeof rule.reply === "function" ? rule.reply(request) : rule.reply;
    }
    return typeof defaultReply === "function" ? defaultReply(request) : defaultReply;
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
    sendJson(res, status, { error: { message, type: status === 429 ? "rate_limit_error" : "invalid_request_error", code: status } }, headers);
  }

  function describeContinuation(body: any): { continuation: FakeContinuation; assistantPrefix?: string } {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    const last = messages[messages.length - 1];
    if (body?.continue_final_message === true) return { continuation: "vllm", assistantPrefix: String(last?.content ?? "") };
    if (last?.role === "assistant" && last?.prefix === true) {
      const reasoning = typeof last.reasoning_content === "string" ? last.reasoning_content : "";
      const prefix = reasoning ? `<think>${reasoning}${last.content ? `</think>${last.content}` : ""}` : String(last.content ?? "");
      return { continuation: "deepseek-prefix", assistantPrefix: prefix };
    }
    return { continuation: null };
  }

  /** Mirrors the checks real servers make, so wrong continuation requests fail here too. */
  function requestProblem(request: RecordedRequest): string | null {
    const messages: any[] = request.body?.messages ?? [];
    // DeepSeek's reasoner refuses two user (or two assistant) messages in a row; so does this server.
    for (let i = 1; i < messages.length; i++) {
      if (messages[i]?.role === messages[i - 1]?.role && messages[i]?.role !== "system") {
        return `successive ${messages[i].role} messages are not supported (messages[${i - 1}] and messages[${i}] in your input); interleave the user/assistant messages`;
      }
    }
    const last = messages[messages.length - 1];
    if (request.continuation === "vllm") {
      if (!supports.continueFinalMessage) return "Unrecognized request argument supplied: continue_final_message";
      if (request.body.add_generation_prompt !== false)
        return "Cannot set both `continue_final_message` and `add_generation_prompt` to True.";
      if (last?.role !== "assistant") return "continue_final_message requires the last message to be from the assistant";
    }
    if (request.continuation === "deepseek-prefix" && !supports.prefix) return "Unrecognized request argument supplied: prefix";
    return null;
  }

  function usageOf(request: RecordedRequest, reply: FakeCompletionReply, generated: string, reasoning: string) {
    if (reply.usage === false) return undefined;
    const given = reply.usage;
    const promptText =
      request.prompt ?? (Array.isArray(request.body?.messages) ? request.body.messages.map((m: any) => String(m.content ?? "")).join(" ") : "");
    const promptTokens = given?.prompt_tokens ?? wordCount(promptText);
    const completionTokens = given?.completion_tokens ?? wordCount(generated) + wordCount(reasoning);
    const reasoningTokens = given?.reasoning_tokens ?? (reasoning ? wordCount(reasoning) : undefined);
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      ...(reasoningTokens !== undefined ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
    };
  }

  async function sendCompletion(res: http.ServerResponse, request: RecordedRequest, reply: FakeCompletionReply): Promise<void> {
    if (reply.delayMs) await delay(reply.delayMs);
    if (res.destroyed) return;
    const isChat = request.path === "/v1/chat/completions";
    const id = `${isChat ? "chatcmpl" : "cmpl"}-fake-${++responseCounter}`;
    const created = Math.floor(Date.now() / 1000);
    const content = reply.content ?? "";
    const reasoning = isChat ? reply.reasoning ?? "" : "";
    const reasoningField = reply.reasoningField ?? "reasoning_content";
    const finishReason = reply.finishReason ?? "stop";
    const usage = usageOf(request, reply, content, reasoning);

    if (!request.stream) {
      const choice = isChat
        ? {
            index: 0,
            message: { role: "assistant", content, ...(reasoning ? { [reasoningField]: reasoning } : {}) },
            finish_reason: finishReason,
          }
        : { index: 0, text: content, finish_reason: finishReason, logprobs: null };
      sendJson(res, 200, {
        id,
        object: isChat ? "chat.completion" : "text_completion",
        created,
        model,
        choices: [choice],
        ...(usage ? { usage } : {}),
      });
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    // Each event is flushed before the next step, so a scripted reset happens after the client got them.
    const write = (payload: unknown) =>
      new Promise<void>((resolve) => {
        if (res.destroyed) return resolve();
        res.write(`data: ${JSON.stringify(payload)}\n\n`, () => resolve());
      });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      isChat
        ? { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] }
        : { id, object: "text_completion", created, model, choices: [{ index: 0, text: delta.content ?? "", finish_reason: finish }] };

    const size = reply.chunkSize ?? 16;
    const deltas: Array<{ content?: string; reasoning?: string }> =
      reply.deltas ??
      [...chunkText(reasoning, size).map((r) => ({ reasoning: r })), ...chunkText(content, size).map((c) => ({ content: c }))];
    if (isChat) await write(chunk({ role: "assistant", content: "" }, null));
    let sent = 0;
    for (const delta of deltas) {
      if (reply.resetAfterChunks !== undefined && sent >= reply.resetAfterChunks) {
        res.socket?.destroy();
        return;
      }
      if (reply.chunkDelayMs) await delay(reply.chunkDelayMs);
      if (res.destroyed || res.writableEnded) return;
      const payload: Record<string, unknown> = {};
      if (delta.reasoning) payload[reasoningField] = delta.reasoning;
      if (delta.content !== undefined) payload.content = delta.content;
      await write(chunk(payload, null));
      sent++;
    }
    if (reply.resetAfterChunks !== undefined && sent >= reply.resetAfterChunks) {
      res.socket?.destroy();
      return;
    }
    await write(chunk({}, finishReason));
    if (usage && request.body?.stream_options?.include_usage === true) {
      await write({ id, object: isChat ? "chat.completion.chunk" : "text_completion", created, model, choices: [], usage });
    }
    res.write("data: [DONE]\n\n");
    res.end();
  }

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, request: RecordedRequest): Promise<void> {
    if (options.requireApiKey !== undefined) {
      const token = (request.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
      if (token !== options.requireApiKey) {
        sendError(res, 401, `Incorrect API key provided: ${token}. You can find your API key at https://example.invalid.`);
        return;
      }
    }
    if (request.method === "GET" && request.path === "/v1/models") {
      sendJson(res, 200, {
        object: "list",
        data: [
          {
            id: model,
            object: "model",
            created: 0,
            owned_by: options.ownedBy ?? "fake",
            ...(options.maxModelLen !== undefined ? { root: model, max_model_len: options.maxModelLen } : {}),
          },
        ],
      });
      return;
    }
    const known = ["/v1/chat/completions", "/v1/completions", "/v1/embeddings"];
    if (request.method !== "POST" || !known.includes(request.path)) {
      sendError(res, 404, `No route for ${request.method} ${request.path}`);
      return;
    }
    if (request.body === null) {
      sendError(res, 400, "Request body is not valid JSON");
      return;
    }
    const problem = requestProblem(request);
    if (problem) {
      sendError(res, 400, problem);
      return;
    }
    const reply = pickReply(request);
    switch (reply.kind) {
      case "error": {
        const headers = { ...reply.headers };
        if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
        if (reply.body !== undefined) sendJson(res, reply.status, reply.body, headers);
        else sendError(res, reply.status, reply.message ?? `Scripted error ${reply.status}`, headers);
        return;
      }
      case "hang":
        return; // left open: the client's timeout or close() ends it
      case "reset":
        req.socket.destroy();
        return;
      case "malformed-json":
        if (request.stream) {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write('data: {"choices": [{"delta": {"content": "ok"\n\n');
          res.write("data: [DONE]\n\n");
          res.end();
        } else {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"id": "broken", "choices": [');
        }
        return;
      default:
        break;
    }
    if (request.path === "/v1/embeddings") {
      const inputs: string[] = Array.isArray(request.body.input) ? request.body.input.map(String) : [String(request.body.input ?? "")];
      sendJson(res, 200, {
        object: "list",
        model,
        data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text, embeddingDims) })),
        usage: { prompt_tokens: inputs.reduce((n, t) => n + wordCount(t), 0), total_tokens: inputs.reduce((n, t) => n + wordCount(t), 0) },
      });
      return;
    }
    await sendCompletion(res, request, reply);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: any = null;
      try {
        body = rawBody ? JSON.parse(rawBody) : null;
      } catch {
        body = null;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
      const lastUser = [...messages].reverse().find((m) => m?.role === "user");
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let counted = true;
      // "finish" (last byte handed to the socket) comes before the client can see the end and send
      // its next request; "close" covers responses that never finish (resets, hangs).
      const settle = () => {
        if (counted) inFlight--;
        counted = false;
      };
      res.on("finish", settle);
      res.on("close", settle);
      const path = (req.url ?? "/").split("?")[0];
      const request: RecordedRequest = {
        index: requests.length,
        method: req.method ?? "GET",
        path,
        headers,
        rawBody,
        body,
        receivedAt: Date.now(),
        inFlightAtArrival: inFlight,
        stream: body?.stream === true,
        lastUserMessage: lastUser ? String(lastUser.content ?? "") : undefined,
        prompt: typeof body?.prompt === "string" ? body.prompt : undefined,
        ...describeContinuation(path === "/v1/chat/completions" ? body : null),
      };
      requests.push(request);
      for (const waiter of [...waiters]) {
        if (requests.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      answer(req, res, request).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, `fake server failure: ${String(error)}`);
        else res.destroy();
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    addRule(rule) {
      rules.push({ ...rule, used: 0 });
    },
    setRules(next) {
      rules = next.map((rule) => ({ ...rule, used: 0 }));
    },
    reset() {
      requests.length = 0;
      maxInFlight = inFlight;
      rules = [];
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
