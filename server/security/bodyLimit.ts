/**
 * A cap on request bodies. A body whose Content-Length is over the cap is refused before it is
 * read (413); a body without one (chunked) is counted as it streams and fails once it passes the
 * cap. Large uploads (bundles, datasets) have their own streamed routes with their own caps.
 */
export const DEFAULT_API_BODY_BYTES = 8 * 1024 * 1024;

export function apiBodyLimitFromEnv(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.STUDIO_MAX_REQUEST_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_API_BODY_BYTES;
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

function tooLarge(maxBytes: number, what: string): Response {
  return new Response(
    `Refused: ${what} is larger than this route accepts (${Math.round(maxBytes / 1024 / 1024)} MB). ` +
      "Upload run bundles with the Import button (a streamed upload), or raise STUDIO_MAX_REQUEST_MB.\n",
    { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } },
  );
}

/** The request to go on with (its body counted), or the refusal. */
export function limitRequestBody(req: Request, maxBytes: number): Request | Response {
  if (!req.body) return req;
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return tooLarge(maxBytes, `a body of ${declared} bytes`);
  let seen = 0;
  const counted = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new BodyTooLargeError(`The request body passed ${maxBytes} bytes.`));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(req, { body: counted, duplex: "half" } as RequestInit);
}

/** Reads a streamed body into `sink` chunk by chunk, failing with BodyTooLargeError past `maxBytes`. */
export async function streamBodyTo(body: ReadableStream<Uint8Array>, maxBytes: number, sink: (chunk: Uint8Array) => Promise<void> | void): Promise<number> {
  let seen = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return seen;
    seen += value.byteLength;
    if (seen > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(`The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    }
    await sink(value);
  }
}
