import { getDb } from "../db/client";
import { GuardConfigError, guardConfigFromEnv } from "../security/requestGuard";
import { AuthConfigError, authModeFromEnv } from "./authMode";

/** Settings the studio refuses to start with (the message says which and what to do). */
export class AccessSettingsError extends Error {
  override name = "AccessSettingsError";
}

/**
 * The line the server prints when it starts: where it answers and whether it asks for sign-in.
 * Throws (and the server does not start) when the settings are unsafe or malformed: an exposed
 * studio with STUDIO_AUTH=off, or a bad STUDIO_PUBLIC_URL / STUDIO_AUTH.
 */
export async function describeAccess(env: Record<string, string | undefined> = process.env): Promise<string> {
  let mode: ReturnType<typeof authModeFromEnv>;
  let origins: string;
  try {
    mode = authModeFromEnv(env);
    origins = guardConfigFromEnv(env).origins.join(", ");
  } catch (err) {
    if (err instanceof AuthConfigError || err instanceof GuardConfigError) throw new AccessSettingsError(err.message);
    throw err;
  }
  if (!mode.required) return `Studio at ${origins}: no sign-in (${mode.reason}).`;
  const admins = await getDb().user.count({ where: { role: "admin" } });
  const hint = admins === 0 ? " No admin exists yet: create one with `npm run cli -- user add EMAIL --role admin`." : "";
  return `Studio at ${origins}: sign-in required (${mode.reason}).${hint}`;
}
