"use client";

import { useState, type FormEvent } from "react";
import { useSearchParams } from "next/navigation";

/** Only a path of this studio: never another site (`//host`, `https://...`). */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

async function messageOf(response: Response): Promise<string> {
  if (response.status === 401) return "Wrong e-mail or password.";
  try {
    const body = (await response.json()) as { message?: string };
    if (body.message) return body.message;
  } catch {
    // not JSON
  }
  return `Sign-in failed (HTTP ${response.status}).`;
}

/** E-mail and password, checked by the server (better-auth); accounts come from an admin. */
export function SignInForm() {
  const next = safeNext(useSearchParams().get("next"));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (!response.ok) {
        setError(await messageOf(response));
        return;
      }
      window.location.assign(next);
    } catch (e) {
      setError(`The studio did not answer: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card sign-in" data-testid="sign-in">
      <h1>Sign in</h1>
      <p className="muted small">This studio is shared on a network, so it asks who you are. An admin gives you an account.</p>
      <form onSubmit={(e) => void onSubmit(e)} className="stack">
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" required data-testid="sign-in-email" />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required data-testid="sign-in-password" />
        </label>
        <button type="submit" className="btn primary" disabled={pending} data-testid="sign-in-submit">
          {pending ? "Signing in…" : "Sign in"}
        </button>
        {error ? (
          <p className="error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
