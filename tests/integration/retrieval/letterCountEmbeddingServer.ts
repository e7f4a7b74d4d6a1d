// A tiny OpenAI-compatible /v1/embeddings server for the dense retrieval tests. Its vectors are the
// counts of the letters a, b and c in the text, so every dot product can be worked out by hand.
// Models with special behaviour: "broken" answers HTTP 500, "ragged" answers vectors of different sizes.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type EmbeddingRequestLog = { model: string; input: string[]; encodingFormat: unknown; authorization?: string };

export type LetterCountServer = { baseURL: string; requests: EmbeddingRequestLog[]; close(): Promise<void> };

export function letterCounts(text: string): number[] {
  return ["a", "b", "c"].map((ch) => [...text].filter((c) => c === ch).length);
}

export async function startLetterCountServer(): Promise<LetterCountServer> {
  const requests: EmbeddingRequestLog[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== "POST" || req.url !== "/v1/embeddings") return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
      const parsed = JSON.parse(body) as { model: string; input: string | string[]; encoding_format?: unknown };
      const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      requests.push({ model: parsed.model, input, encodingFormat: parsed.encoding_format, authorization: req.headers.authorization });
      if (parsed.model === "broken") return send(500, { error: { message: "model exploded", type: "server_error" } });
      const data = input.map((text, index) => ({
        object: "embedding",
        index,
        embedding: parsed.model === "ragged" && index === 1 ? [1, 2] : letterCounts(text),
      }));
      // Listed in reverse to check that the client orders by `index`.
      send(200, { object: "list", model: parsed.model, data: data.reverse(), usage: { prompt_tokens: 0, total_tokens: 0 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
