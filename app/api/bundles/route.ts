import { getDb } from "@/server/db/client";
import { principalOf, roleOf } from "@/server/auth/principal";
import { roleAllows } from "@/server/auth/roles";
import { importUploadedBundle } from "@/server/experiments/bundleUpload";
import { BodyTooLargeError } from "@/server/security/bodyLimit";
import { guardResponse } from "@/server/security/requestGuard";
import { NotFoundError, UserInputError } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** POST /api/bundles?name=FILE with the bundle as the body (a run or an experiment bundle), streamed. Editors. */
export async function POST(req: Request) {
  const refused = guardResponse(req);
  if (refused) return refused;
  const db = getDb();
  const role = roleOf(await principalOf(db, req.headers));
  if (role === null) return text(401, "Sign in first.");
  if (!roleAllows(role, "editor")) return text(403, `Importing a bundle needs the editor role; you are signed in as a ${role}.`);
  if (!req.body) return text(400, "The request has no body: send the bundle file as the body.");
  const name = new URL(req.url).searchParams.get("name")?.slice(0, 200) || "the bundle";
  try {
    return Response.json(await importUploadedBundle(db, req.body, name));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return text(413, `${err.message} Import it with the CLI (npm run cli -- import --bundle FILE), or raise STUDIO_MAX_BUNDLE_MB.`);
    if (err instanceof UserInputError || err instanceof NotFoundError) return text(400, err.message);
    throw err;
  }
}
