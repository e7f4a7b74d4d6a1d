import { Readable } from "node:stream";
import { getDb } from "@/server/db/client";
import { cellsCsv, experimentReportHtml, itemsJsonl } from "@/server/experiments/experimentReport";
import { summarizeExperiment } from "@/server/experiments/experimentSummary";
import { exportExperimentBundle } from "@/server/experiments/experimentBundle";
import { guardResponse } from "@/server/security/requestGuard";
import { studioVersion } from "@/server/studioVersion";
import { NotFoundError } from "@/server/errors";
import { principalOf, shareePrincipal, roleOf } from "@/server/auth/principal";
import { shareCovers } from "@/server/sharing/shareLinks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/experiments/:id/report?format=html|csv|jsonl|bundle: the report, the cells, every item, or the bundle to import elsewhere. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = guardResponse(req);
  if (refused) return refused;
  const { id } = await params;
  const url = new URL(req.url);
  const format = url.searchParams.get("format") ?? "html";
  const db = getDb();
  // A download link cannot send headers: a shared experiment page passes its token as ?share=.
  const share = url.searchParams.get("share");
  const principal = share !== null ? await shareePrincipal(db, share) : await principalOf(db, req.headers);
  const allowed = principal.kind === "share" ? shareCovers(principal.scope, { experimentId: id }) : roleOf(principal) !== null;
  if (!allowed) return new Response(principal.kind === "anonymous" && principal.why ? principal.why : "Sign in first.", { status: 401 });
  // A share link's reader gets the report and the cells; items (with their errors) and the bundle (with its endpoints) stay in the studio.
  if (principal.kind === "share" && format !== "html" && format !== "csv") return new Response("A share link downloads the report (html) and the cells (csv) only.", { status: 403 });
  const file = (ext: string) => `attachment; filename="experiment-${id}.${ext}"`;
  try {
    if (format === "html") {
      return new Response(await experimentReportHtml(db, id, studioVersion(), { withAddresses: principal.kind !== "share" }), {
        headers: { "content-type": "text/html; charset=utf-8", "content-disposition": file("html") },
      });
    }
    if (format === "csv") {
      return new Response(cellsCsv(await summarizeExperiment(db, id)), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": file("csv") } });
    }
    if (format === "jsonl") {
      const lines = itemsJsonl(db, await summarizeExperiment(db, id));
      return new Response(Readable.toWeb(Readable.from(lines)) as ReadableStream, {
        headers: { "content-type": "application/x-ndjson; charset=utf-8", "content-disposition": file("jsonl") },
      });
    }
    if (format === "bundle") {
      return new Response(JSON.stringify(await exportExperimentBundle(db, id)), {
        headers: { "content-type": "application/json; charset=utf-8", "content-disposition": file("bundle.json") },
      });
    }
    return new Response(`Unknown format "${format}": html, csv, jsonl or bundle.`, { status: 400 });
  } catch (err) {
    if (err instanceof NotFoundError) return new Response(err.message, { status: 404 });
    throw err;
  }
}
