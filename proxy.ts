import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";
import { guardResponse } from "./server/security/requestGuard";
import { signInRedirect } from "./server/auth/pageAccess";

// Next.js runs this before every request (pages, API, static files): refuse requests for another host
// (DNS rebinding) and cross-site requests that could change state (server/security/requestGuard.ts),
// and send a browser that has not signed in to the sign-in page when the studio asks for sign-in.
export function proxy(request: NextRequest) {
  const refused = guardResponse(request);
  if (refused) return refused;
  const { pathname, search } = request.nextUrl;
  const redirect = signInRedirect(pathname, search, getSessionCookie(request) !== null, process.env);
  return redirect ? NextResponse.redirect(new URL(redirect, request.url)) : NextResponse.next();
}
