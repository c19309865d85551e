#!/usr/bin/env bash
# All tests: type check, lint, unit tests (pure logic, nodes against the emulators, emulator contracts), the build and
# the lint of n8n's verification scanner (source and packed tarball, scripts/scan-lint.mjs),
# end-to-end tests of the template workflows in real n8n processes (every pinned version, and queue mode with
# PostgreSQL, Redis and two workers), then the demo driven in headless Chromium (refreshes docs/*.png).
# Installs what is missing first: the pinned n8n versions (.tools/ cache) and the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
results=.tools/test-results
rm -rf "$results" && mkdir -p "$results"

echo "== type check"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.test.json --noEmit

echo "== lint (n8n strict rules)"
npm run -s lint

echo "== unit tests"
npx jest --selectProjects unit --ci --json --outputFile="$results/unit.json"

echo "== pinned n8n versions"
bash scripts/install-n8n.sh

echo "== Debian packages (chromium, PostgreSQL, Redis)"
bash scripts/install-system-packages.sh

echo "== build"
npm run -s build

echo "== n8n verification scanner lint (source + packed tarball)"
node scripts/scan-lint.mjs --no-build

echo "== end-to-end tests (real n8n)"
npx jest --selectProjects e2e --ci --runInBand --json --outputFile="$results/e2e.json"

echo "== browser test (the demo in headless Chromium)"
npm run -s test:browser | tee "$results/browser.log"

node scripts/summarise-tests.js "$results"
