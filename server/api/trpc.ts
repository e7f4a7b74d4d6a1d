import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Db } from "../db/client";
import { DomainError } from "../errors";
import { internalErrorReference } from "./internalErrors";
import { withoutRefusedKeys } from "../safeJson";
import { LOCAL_ADMIN, roleOf, type Principal } from "../auth/principal";
import { roleAllows, type Role } from "../auth/roles";
import { shareCovers } from "../sharing/shareLinks";

export type TrpcContext = { db: Db; principal: Principal };

/** The route handler passes who is asking (server/auth/principal.ts); tests and the CLI act as the local admin. */
export function createTrpcContext(db: Db = getDb(), principal: Principal = LOCAL_ADMIN): TrpcContext {
  return { db, principal };
}

/**
 * What a procedure needs: a role, or "public" for the few that anyone may call (sign-in status, the
 * static signal definitions, and the share-link views, which check their token themselves).
 * tests/integration/security/procedureRoles.test.ts walks the router: none may lack it.
 */
export type Access = Role | "public";
/** `shareable`: a share link's reader may call it for what the link covers (see shareableProcedure). */
export type ProcedureMeta = { access: Access; shareable?: boolean };

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

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  transformer: { input: superjson, output: responseTransformer },
  errorFormatter({ shape, error }) {
    // An internal error's message (a Prisma error, a bug) stays in the server log; the client gets its reference.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: internal ? `Internal error (reference ${internalErrorReference(error)}); the studio's server log has the details.` : shape.message,
      data: { ...data, zodIssues: error.cause instanceof ZodError ? error.cause.issues : null },
    };
  },
});

/** Services throw domain errors (server/errors.ts); each carries its code, mapped here once so routers stay thin. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

function refuseUnknown(principal: Principal): never {
  const why = principal.kind === "anonymous" && principal.why ? principal.why : "Sign in first.";
  throw new TRPCError({ code: "UNAUTHORIZED", message: why });
}

/** Refuses before the input is even read: nobody signed in → UNAUTHORIZED, too small a role → FORBIDDEN. */
function requireRole(need: Role) {
  return t.middleware(({ ctx, next }) => {
    const have = roleOf(ctx.principal);
    if (have === null) {
      if (ctx.principal.kind === "share") throw new TRPCError({ code: "FORBIDDEN", message: "A share link opens only what was shared." });
      refuseUnknown(ctx.principal);
    }
    if (!roleAllows(have, need)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${need} role; you are signed in as a ${have}.` });
    }
    return next();
  });
}

const base = t.procedure.use(domainErrors);

export const router = t.router;
export const publicProcedure = base.meta({ access: "public" });
export const viewerProcedure = base.meta({ access: "viewer" }).use(requireRole("viewer"));
export const editorProcedure = base.meta({ access: "editor" }).use(requireRole("editor"));
export const adminProcedure = base.meta({ access: "admin" }).use(requireRole("admin"));
export const createCallerFactory = t.createCallerFactory;

/** What a call reads, for the share-link check: run ids and/or an experiment id. */
export type ShareAsk = { runIds?: string[]; experimentId?: string };

/** A string field of a not yet validated input ("" when absent, which no link covers). */
export function idField(raw: unknown, key: string): string {
  const value = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : "";
}

/**
 * A read for viewers that a share link's reader may make too, for what the link covers. `askOf`
 * names what the call reads from its raw input (the same fields its schema then validates, which it
 * does not transform). Resolvers give share readers the share view (server/sharing/sharedView.ts).
 */
export function shareableProcedure(askOf: (rawInput: unknown) => ShareAsk) {
  return base.meta({ access: "viewer", shareable: true }).use(async ({ ctx, getRawInput, next }) => {
    if (ctx.principal.kind === "share") {
      if (!shareCovers(ctx.principal.scope, askOf(await getRawInput()))) {
        throw new TRPCError({ code: "FORBIDDEN", message: "This share link does not cover what was asked for." });
      }
      return next();
    }
    const have = roleOf(ctx.principal);
    if (have === null) refuseUnknown(ctx.principal);
    return next();
  });
}
