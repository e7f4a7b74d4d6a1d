import { getDb } from "@/server/db/client";
import { plainText, refuseUnlessRole } from "@/server/auth/routeAccess";
import { saveUpload } from "@/server/datasets/uploads";
import { BodyTooLargeError } from "@/server/security/bodyLimit";
import { guardResponse } from "@/server/security/requestGuard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/uploads?name=FILE with the file as the body, streamed to disk; answers { id, name, bytes }. Editors. */
export async function POST(req: Request) {
  const refused = guardResponse(req) ?? (await refuseUnlessRole(getDb(), req, "editor", "Uploading"));
  if (refused) return refused;
  if (!req.body) return plainText(400, "The request has no body: send the file as the body.");
  try {
    return Response.json(await saveUpload(req.body, new URL(req.url).searchParams.get("name") ?? "upload.json"));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return plainText(413, `${err.message} Import it with the CLI (npm run cli -- import), or raise STUDIO_MAX_UPLOAD_MB.`);
    throw err;
  }
}
