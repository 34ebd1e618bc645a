// Sums vitest's and Playwright's JSON reports into one line: "Tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;

if (existsSync(".test-artifacts/vitest.json")) {
  const v = JSON.parse(readFileSync(".test-artifacts/vitest.json", "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  // A file that fails to load has no tests counted; count it as one failure.
  for (const f of v.testResults ?? [])
    if (f.status === "failed" && (f.assertionResults ?? []).length === 0) failed++;
} else {
  failed++;
}

// The API suite's second run on Postgres (scripts/test-all.sh), when it ran.
if (existsSync(".test-artifacts/vitest-postgres.json")) {
  const v = JSON.parse(readFileSync(".test-artifacts/vitest-postgres.json", "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  for (const f of v.testResults ?? [])
    if (f.status === "failed" && (f.assertionResults ?? []).length === 0) failed++;
}

if (existsSync(".test-artifacts/playwright.json")) {
  const p = JSON.parse(readFileSync(".test-artifacts/playwright.json", "utf8"));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  if ((p.errors ?? []).length > 0 && !p.stats?.expected) failed += p.errors.length;
} else {
  failed++;
}

console.log(`Tests: ${passed} passed, ${failed} failed`);
