import { describe, expect, it } from "vitest";
import { BodyTooLargeError, limitRequestBody, streamBodyTo } from "../../../server/security/bodyLimit";
import { withoutAddresses } from "../../../server/sharing/sharedView";

function chunked(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
}

describe("request body limit", () => {
  it("refuses a declared body over the limit before reading it, naming the limit", async () => {
    const req = new Request("http://127.0.0.1/api/trpc/x", { method: "POST", body: "x".repeat(2000), headers: { "content-length": "2000" } });
    const out = limitRequestBody(req, 1000);
    expect(out).toBeInstanceOf(Response);
    expect((out as Response).status).toBe(413);
    expect(await (out as Response).text()).toMatch(/larger than this route accepts/);
  });

  it("counts a body without a length as it streams and fails past the limit", async () => {
    const req = new Request("http://127.0.0.1/api/trpc/x", { method: "POST", body: chunked(10, 256), duplex: "half" } as RequestInit);
    const out = limitRequestBody(req, 1000) as Request;
    await expect(out.text()).rejects.toThrow(BodyTooLargeError);
    const small = limitRequestBody(new Request("http://127.0.0.1/x", { method: "POST", body: chunked(3, 256), duplex: "half" } as RequestInit), 1000) as Request;
    expect((await small.arrayBuffer()).byteLength).toBe(768);
  });

  it("a streamed upload stops at its cap", async () => {
    let written = 0;
    await expect(streamBodyTo(chunked(100, 1024), 10 * 1024, (c) => void (written += c.byteLength))).rejects.toThrow(/larger than/);
    expect(written).toBeLessThanOrEqual(10 * 1024);
  });
});

describe("share views", () => {
  it("cut addresses and model files out of error texts", () => {
    expect(withoutAddresses("connect ECONNREFUSED at http://10.1.2.3:8000/v1 (attempt 2)")).toBe("connect ECONNREFUSED at (address hidden) (attempt 2)");
    expect(withoutAddresses("local GGUF /srv/models/secret-model.gguf failed")).toBe("local GGUF (model file hidden) failed");
    expect(withoutAddresses("the model answered no label")).toBe("the model answered no label");
  });
});
