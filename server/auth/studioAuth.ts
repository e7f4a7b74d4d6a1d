import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { databaseTargetOf, type Db } from "../db/client";
import { guardConfigFromEnv } from "../security/requestGuard";
import { secretBoxFromEnvironment } from "../settings/secretBox";
import { createSignInLimiter } from "./signInLimiter";

/**
 * Sign-in with email and password through better-auth (sessions, scrypt password hashes, signed
 * cookies, per-address rate limits) on the studio's own database via its Prisma adapter. Accounts are
 * made by an admin (`npm run cli -- user add`, or the Users section of the Models page): nobody can
 * sign up, and the role is never taken from a request. The cookie secret is STUDIO_AUTH_SECRET or,
 * when unset, derived from the studio's secret key (data/secret.key), so there is nothing more to set up.
 */
export type StudioAuth = ReturnType<typeof buildAuth>;

const SIGN_IN_PATH = "/sign-in/email";
export const SESSION_DAYS = 7;

function buildAuth(db: Db, env: Record<string, string | undefined>) {
  const origins = guardConfigFromEnv(env).origins;
  const baseURL = origins[0];
  const secret = env.STUDIO_AUTH_SECRET?.trim() || secretBoxFromEnvironment(env).derive("session cookies");
  const limiter = createSignInLimiter();
  const emailOf = (body: unknown) =>
    typeof body === "object" && body !== null && typeof (body as { email?: unknown }).email === "string" ? (body as { email: string }).email : null;

  return betterAuth({
    appName: "ReaPer Studio",
    baseURL,
    basePath: "/api/auth",
    trustedOrigins: origins,
    secret,
    database: prismaAdapter(db, { provider: databaseTargetOf(db).kind === "postgres" ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 256 },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "viewer", input: false } } },
    session: { expiresIn: SESSION_DAYS * 24 * 3600, updateAge: 24 * 3600 },
    // Sign-up, e-mail changes and password resets by mail do not exist here; profile edits go through admins.
    disabledPaths: ["/sign-up/email", "/change-email", "/update-user", "/delete-user", "/request-password-reset", "/reset-password", "/send-verification-email", "/verify-email"],
    rateLimit: { enabled: true, storage: "memory", window: 60, max: 600, customRules: { [SIGN_IN_PATH]: { window: 60, max: 10 } } },
    telemetry: { enabled: false },
    advanced: { useSecureCookies: baseURL.startsWith("https://") },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = emailOf(ctx.body);
        if (email === null) return;
        const wait = limiter.attempt(email);
        if (wait !== null) {
          throw new APIError("TOO_MANY_REQUESTS", { message: `Too many sign-in attempts for this account; try again in ${wait} s.` });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const email = emailOf(ctx.body);
        if (ctx.path === SIGN_IN_PATH && email !== null && ctx.context.newSession) limiter.succeeded(email);
      }),
    },
  });
}

// One instance per database client and process (Next.js bundles modules more than once).
const globalForAuth = globalThis as unknown as { __studioAuth?: WeakMap<Db, StudioAuth> };
const instances = (globalForAuth.__studioAuth ??= new WeakMap<Db, StudioAuth>());

export function studioAuth(db: Db, env: Record<string, string | undefined> = process.env): StudioAuth {
  let auth = instances.get(db);
  if (!auth) {
    auth = buildAuth(db, env);
    instances.set(db, auth);
  }
  return auth;
}
