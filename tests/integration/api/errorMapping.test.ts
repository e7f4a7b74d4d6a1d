import { describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTrpcContext, router, viewerProcedure } from "../../../server/api/trpc";
import { ConflictError, NotFoundError, UserInputError } from "../../../server/errors";
import { StoredJsonError } from "../../../server/safeJson";
import { internalErrorReference } from "../../../server/api/internalErrors";
import { createTempDatabase } from "../../support/tempDatabase";

// A router of procedures that throw each kind of error, served like the studio's route handler serves its own.
const testRouter = router({
  missing: viewerProcedure.query(() => {
    throw new NotFoundError("Run abc does not exist.");
  }),
  badInput: viewerProcedure.query(() => {
    throw new UserInputError("graph.nodes[2].params.maxTokens: must be at most 131072");
  }),
  conflict: viewerProcedure.query(() => {
    throw new ConflictError("Dataset d is used by 2 runs.");
  }),
  badRecord: viewerProcedure.query(() => {
    throw new StoredJsonError("RunItem r/e.signalsJson", "not valid JSON");
  }),
  internal: viewerProcedure.query(() => {
    throw new Error('Invalid `prisma.run.findMany()` invocation: SELECT "apiKeyCipher" FROM secret_table');
  }),
});

async function call(path: string) {
  const temp = createTempDatabase("studio-errors-");
  const logged: string[] = [];
  try {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://127.0.0.1/api/trpc/${path}`),
      router: testRouter,
      createContext: () => createTrpcContext(temp.db),
      onError: ({ error }) => void logged.push(internalErrorReference(error)),
    });
    const body = (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
    return { status: response.status, message: body.error.json.message, data: body.error.json.data, logged };
  } finally {
    await temp.cleanup();
  }
}

describe("errors mapped once", () => {
  it("domain errors keep their message and get their code", async () => {
    expect(await call("missing")).toMatchObject({ status: 404, message: "Run abc does not exist." });
    expect(await call("badInput")).toMatchObject({ status: 400, message: "graph.nodes[2].params.maxTokens: must be at most 131072" });
    expect(await call("conflict")).toMatchObject({ status: 409 });
    expect(await call("badRecord")).toMatchObject({ status: 422, message: "RunItem r/e.signalsJson: not valid JSON" });
  });

  it("an internal error reaches the client as a reference to the log, without its text or a stack", async () => {
    const reply = await call("internal");
    expect(reply.status).toBe(500);
    expect(reply.message).toMatch(/^Internal error \(reference [0-9a-f]{8}\); the studio's server log has the details\.$/);
    expect(JSON.stringify(reply)).not.toMatch(/prisma|secret_table|apiKeyCipher/);
    expect(reply.data.stack).toBeUndefined();
    expect(reply.message).toContain(reply.logged[0]);
  });
});
