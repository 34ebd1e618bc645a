/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several builds (tests, benchmarks) coexist in one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Native modules stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "sharp"],
};

export default nextConfig;
