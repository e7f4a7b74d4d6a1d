/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and heavy server-only packages stay out of the bundle; they are required at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "node-llama-cpp"],
  devIndicators: false,
};
export default nextConfig;
