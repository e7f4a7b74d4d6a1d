import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { TrpcProvider } from "@/components/providers/TrpcProvider";
import { TopNav } from "@/components/ui/TopNav";
import "@xyflow/react/dist/style.css";
import "./globals.css";

export const metadata: Metadata = {
  title: "ReaPer Studio",
  description: "Visual pipelines for personalization research with large reasoning models on LaMP.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TrpcProvider>
          <header className="topbar">
            <Link href="/" className="brand">
              ReaPer Studio
            </Link>
            <TopNav />
            <span className="muted small topbar-note">R2P / ReaPer pipelines on LaMP</span>
          </header>
          <main className="page">{children}</main>
        </TrpcProvider>
      </body>
    </html>
  );
}
