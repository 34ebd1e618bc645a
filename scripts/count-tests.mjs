// Sums vitest's and Playwright's JSON reports into one line: "Tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;

/** Add a vitest JSON report's counts; a missing report counts as one failure when `required`. */
function addVitest(file, required) {
  if (!existsSync(file)) {
    if (required) failed++;
    return;
  }
  const v = JSON.parse(readFileSync(file, "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  // A file that fails to load has no tests counted; count it as one failure.
  for (const f of v.testResults ?? [])
    if (f.status === "failed" && (f.assertionResults ?? []).length === 0) failed++;
}

addVitest(".test-artifacts/vitest.json", true);
// The API runs scripts/test-all.sh adds, when they ran: storage tests on S3, the suite on Postgres.
addVitest(".test-artifacts/vitest-s3.json", false);
addVitest(".test-artifacts/vitest-postgres.json", false);

if (existsSync(".test-artifacts/playwright.json")) {
  const p = JSON.parse(readFileSync(".test-artifacts/playwright.json", "utf8"));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  if ((p.errors ?? []).length > 0 && !p.stats?.expected) failed += p.errors.length;
} else {
  failed++;
}

console.log(`Tests: ${passed} passed, ${failed} failed`);
