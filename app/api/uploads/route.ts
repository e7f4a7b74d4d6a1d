import { getDb } from "@/server/db/client";
import { principalOf, roleOf } from "@/server/auth/principal";
import { roleAllows } from "@/server/auth/roles";
import { saveUpload } from "@/server/datasets/uploads";
import { BodyTooLargeError } from "@/server/security/bodyLimit";
import { guardResponse } from "@/server/security/requestGuard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** POST /api/uploads?name=FILE with the file as the body, streamed to disk; answers { id, name, bytes }. Editors. */
export async function POST(req: Request) {
  const refused = guardResponse(req);
  if (refused) return refused;
  const role = roleOf(await principalOf(getDb(), req.headers));
  if (role === null) return text(401, "Sign in first.");
  if (!roleAllows(role, "editor")) return text(403, `Uploading needs the editor role; you are signed in as a ${role}.`);
  if (!req.body) return text(400, "The request has no body: send the file as the body.");
  try {
    return Response.json(await saveUpload(req.body, new URL(req.url).searchParams.get("name") ?? "upload.json"));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return text(413, `${err.message} Import it with the CLI (npm run cli -- import), or raise STUDIO_MAX_UPLOAD_MB.`);
    throw err;
  }
}
