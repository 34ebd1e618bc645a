import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests run against a production build (`next start`) wired to a BFL simulator, both started
 * here. Ports and the build folder come from env so several runs can share one checkout.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const DATA = process.env.E2E_DATA_DIR ?? `.test-artifacts/e2e-${PORT}`;
/** The simulator's profile: `beta` (default, the 2024 finetuning beta) or `live` (BFL today). */
const SIM_PROFILE = process.env.E2E_SIM_PROFILE ?? "beta";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: ".test-artifacts/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `rm -rf ${DATA} && mkdir -p ${DATA} && npx tsx lib/simulator/main.ts`,
      url: `http://127.0.0.1:${SIM_PORT}/_simulator/health`,
      env: {
        SIMULATOR_PORT: String(SIM_PORT),
        SIMULATOR_PROFILE: SIM_PROFILE,
        SIMULATOR_DATA_DIR: `${DATA}/simulator`,
        SIMULATOR_TRAINING_SECONDS: "8",
        SIMULATOR_INFERENCE_SECONDS: "1",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx next start -p ${PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      env: {
        NEXT_DIST_DIR: DIST,
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: `${DATA}/dashboard`,
        BFL_API_URL: `http://127.0.0.1:${SIM_PORT}`,
        // The simulator plays BFL's legacy us1 cluster (SIMULATOR_REGION); the dashboard says the same.
        BFL_REGION: "us1",
        PORT: String(PORT),
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
