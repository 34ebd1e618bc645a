#!/usr/bin/env bash
# Every test: unit and API (vitest), browser (Playwright). Builds the app first (API and browser tests
# run against `next start`). Ends with one line: "Tests: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NO_COLOR=1
mkdir -p .test-artifacts
rm -f .test-artifacts/vitest.json .test-artifacts/vitest-s3.json .test-artifacts/vitest-postgres.json \
  .test-artifacts/playwright.json

# Browser tests need Debian's Chromium (Playwright's own download cannot work offline).
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium (apt)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) > .test-artifacts/apt.log 2>&1 \
      || { tail -n 20 .test-artifacts/apt.log; echo "Could not install chromium; set CHROMIUM_PATH."; }
  else
    echo "Chromium not found at /usr/bin/chromium: install it (sudo apt-get install chromium) or set CHROMIUM_PATH."
  fi
fi

status=0
echo "== next build"
if ! npx next build > .test-artifacts/build.log 2>&1; then
  cat .test-artifacts/build.log
  echo "Build failed."
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi
tail -n 30 .test-artifacts/build.log

echo "== vitest (unit + API)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-artifacts/vitest.json || status=1

# The storage-facing API tests again with every dashboard on an S3-compatible bucket (its own s3rver on
# loopback, TEST_STORAGE=s3): the run above covers the local-folder driver, this one the S3 driver with
# datasets, result images, inputs, deletes, large uploads and webhook-stored results.
S3_API_TESTS=(
  tests/api/server-finetunes.test.ts
  tests/api/server-generations.test.ts
  tests/api/security-upload.test.ts
  tests/api/bfl-webhooks-inbound.test.ts
)
echo "== vitest (storage-facing API tests on S3)"
TEST_STORAGE=s3 npx vitest run "${S3_API_TESTS[@]}" --reporter=default --reporter=json \
  --outputFile.json=.test-artifacts/vitest-s3.json || status=1

# The API suite again with every dashboard on Postgres (DATABASE_URL), when Debian's postgresql is here.
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ -x "$PG_BIN/initdb" ]; then
  echo "== vitest (API on Postgres)"
  TEST_DATABASE=postgres PG_BIN="$PG_BIN" npx vitest run tests/api --reporter=default --reporter=json \
    --outputFile.json=.test-artifacts/vitest-postgres.json || status=1
else
  echo "== skipping the API suite on Postgres: no initdb in $PG_BIN (apt-get install postgresql)"
fi

echo "== playwright (browser)"
npx playwright test || status=1

node scripts/count-tests.mjs
exit $status
