"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { UserMenu } from "@/components/auth/UserMenu";

const LINKS = [
  { href: "/", label: "Datasets", match: (p: string) => p === "/" || p.startsWith("/datasets") },
  { href: "/pipelines", label: "Pipelines", match: (p: string) => p.startsWith("/pipelines") },
  { href: "/runs", label: "Runs", match: (p: string) => p.startsWith("/runs") },
  { href: "/experiments", label: "Experiments", match: (p: string) => p.startsWith("/experiments") },
  { href: "/settings", label: "Models", match: (p: string) => p.startsWith("/settings") },
];

/** The studio's sections and who is signed in; a shared page and the sign-in page show neither. */
export function TopNav() {
  const pathname = usePathname() ?? "/";
  if (pathname.startsWith("/share/")) return <span className="muted small">Shared read-only view</span>;
  if (pathname.startsWith("/sign-in")) return null;
  return (
    <>
      <nav className="topnav" aria-label="Main">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} className={l.match(pathname) ? "active" : undefined} aria-current={l.match(pathname) ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
      <UserMenu />
    </>
  );
}
