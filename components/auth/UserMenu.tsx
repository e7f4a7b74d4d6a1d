"use client";

import { useAccess } from "./AccessProvider";

async function signOut() {
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  window.location.assign("/sign-in");
}

/** The signed-in user and their role, with Sign out; nothing on a localhost studio without sign-in. */
export function UserMenu() {
  const access = useAccess();
  if (!access.loaded || access.shared || !access.email) return null;
  return (
    <span className="user-menu small" data-testid="user-menu">
      <span title={`Signed in as ${access.email}`}>{access.email}</span> <span className="badge">{access.role}</span>{" "}
      <button type="button" className="btn small" onClick={() => void signOut()} data-testid="sign-out">
        Sign out
      </button>
    </span>
  );
}
