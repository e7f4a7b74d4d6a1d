import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcProvider } from "@/components/providers/TrpcProvider";
import "./globals.css";

export const metadata: Metadata = {
  title: "ReaPer Studio",
  description: "Visual pipelines for personalization research with large reasoning models on LaMP.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">
            ReaPer Studio
          </a>
          <span className="muted small">R2P / ReaPer pipelines on LaMP</span>
        </header>
        <TrpcProvider>
          <main className="page">{children}</main>
        </TrpcProvider>
      </body>
    </html>
  );
}
