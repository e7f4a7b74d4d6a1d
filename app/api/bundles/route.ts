import { getDb } from "@/server/db/client";
import { plainText, refuseUnlessRole } from "@/server/auth/routeAccess";
import { importUploadedBundle } from "@/server/experiments/bundleUpload";
import { BodyTooLargeError } from "@/server/security/bodyLimit";
import { guardResponse } from "@/server/security/requestGuard";
import { DomainError } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/bundles?name=FILE with the bundle as the body (a run or an experiment bundle), streamed. Editors. */
export async function POST(req: Request) {
  const db = getDb();
  const refused = guardResponse(req) ?? (await refuseUnlessRole(db, req, "editor", "Importing a bundle"));
  if (refused) return refused;
  if (!req.body) return plainText(400, "The request has no body: send the bundle file as the body.");
  const name = new URL(req.url).searchParams.get("name")?.slice(0, 200) || "the bundle";
  try {
    return Response.json(await importUploadedBundle(db, req.body, name));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return plainText(413, `${err.message} Import it with the CLI (npm run cli -- import --bundle FILE), or raise STUDIO_MAX_BUNDLE_MB.`);
    if (err instanceof DomainError) return plainText(err.code === "NOT_FOUND" ? 404 : 400, err.message);
    throw err;
  }
}
