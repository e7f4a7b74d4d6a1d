/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and heavy server-only packages stay out of the bundle; they are required at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "node-llama-cpp"],
  devIndicators: false,
  // The build type-checks what the app ships (app, components, server); `npm run typecheck` covers
  // tests, CLI and benchmarks too, so a test helper's typing can never break `npm run studio`.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  // Lets the browser tests build into their own folder without touching a running dev server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};
export default nextConfig;
