"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Datasets", match: (p: string) => p === "/" || p.startsWith("/datasets") },
  { href: "/pipelines", label: "Pipelines", match: (p: string) => p.startsWith("/pipelines") },
  { href: "/runs", label: "Runs", match: (p: string) => p.startsWith("/runs") },
  { href: "/experiments", label: "Experiments", match: (p: string) => p.startsWith("/experiments") },
  { href: "/settings", label: "Models", match: (p: string) => p.startsWith("/settings") },
];

export function TopNav() {
  const pathname = usePathname() ?? "/";
  return (
    <nav className="topnav" aria-label="Main">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} className={l.match(pathname) ? "active" : undefined} aria-current={l.match(pathname) ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
