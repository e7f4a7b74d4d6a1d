import { NextResponse, type NextRequest } from "next/server";
import { guardResponse } from "./server/security/requestGuard";

// Next.js runs this before every request (pages, API, static files): refuse requests for another host
// (DNS rebinding) and cross-site requests that could change state. The rules: server/security/requestGuard.ts.
export function proxy(request: NextRequest) {
  return guardResponse(request) ?? NextResponse.next();
}
