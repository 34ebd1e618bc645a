/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several builds (tests, benchmarks) coexist in one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `*.bench.ts` route files (the benchmark's reference route) exist only in the benchmark's build.
  pageExtensions: ["tsx", "ts", "jsx", "js", ...(process.env.BENCH_BUILD === "1" ? ["bench.ts"] : [])],
  reactStrictMode: true,
  poweredByHeader: false,
  // The app serves its images itself; Next's optimizer (/_next/image) would keep copies of deleted
  // images in its cache and serve them without a login, so it is off (the route answers 404).
  images: { unoptimized: true },
  // Native modules stay out of the server bundle. So do the pure-JS libraries most server code shares
  // (database, validation): bundled, Turbopack copies them into the chunk groups of instrumentation and
  // of each route (the server chunks took 35 MB, 16 MB without), and a fresh server compiles the copies
  // it loads. The S3 client stays bundled: it loads only with S3_BUCKET set (scripts/cold-start.ts).
  serverExternalPackages: ["better-sqlite3", "sharp", "undici", "kysely", "pg", "zod"],
  experimental: {
    // Next buffers request bodies that pass through proxy.ts up to this size and silently truncates
    // the rest. Kept above MAX_REQUEST_BYTES (lib/server/auth.ts, 200 MB), which the proxy refuses
    // with a 413 first, so a dataset upload always reaches its route whole.
    proxyClientMaxBodySize: "201mb",
  },
  // Security headers for every response, static assets included. The CSP (with a per-request nonce)
  // is set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
