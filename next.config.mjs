/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and heavy server-only packages stay out of the bundle; they are required at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "node-llama-cpp"],
  devIndicators: false,
  // Lets the browser tests build into their own folder without touching a running dev server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};
export default nextConfig;
