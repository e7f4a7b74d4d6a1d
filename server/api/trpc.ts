import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { withoutRefusedKeys } from "../safeJson";

export type TrpcContext = { db: Db };

export function createTrpcContext(db: Db = getDb()): TrpcContext {
  return { db };
}

/**
 * What the server sends: superjson (the client's transformer too), except that a value holding a key
 * superjson refuses (`constructor`, `prototype`, `__proto__`, at any depth: "Detected property ...")
 * is sent without those keys, and the log names them, instead of failing the whole response. Stored
 * JSON is already read without them (safeJson.ts); this covers every other value. Costs nothing
 * unless superjson refuses.
 */
export const responseTransformer = {
  serialize(value: unknown): ReturnType<typeof superjson.serialize> {
    try {
      return superjson.serialize(value);
    } catch (err) {
      const { value: safe, removed } = withoutRefusedKeys(value);
      if (removed.length === 0) throw err;
      console.warn(`tRPC response: left out keys superjson refuses: ${removed.slice(0, 10).join(", ")}${removed.length > 10 ? ", ..." : ""}`);
      return superjson.serialize(safe);
    }
  },
  deserialize: (payload: Parameters<typeof superjson.deserialize>[0]): unknown => superjson.deserialize(payload),
};

const t = initTRPC.context<TrpcContext>().create({
  transformer: { input: superjson, output: responseTransformer },
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: { ...shape.data, zodIssues: error.cause instanceof ZodError ? error.cause.issues : null },
    };
  },
});

/** Services throw typed domain errors; this maps them to tRPC codes so routers stay thin. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    if (cause instanceof UserInputError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);
export const createCallerFactory = t.createCallerFactory;
