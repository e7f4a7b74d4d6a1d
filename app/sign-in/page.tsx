import { Suspense } from "react";
import { SignInForm } from "@/components/auth/SignInForm";

export const metadata = { title: "Sign in · ReaPer Studio" };

export default function SignInPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <SignInForm />
    </Suspense>
  );
}
