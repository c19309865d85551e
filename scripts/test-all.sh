#!/usr/bin/env bash
# All tests: type check, lint, unit tests (pure logic, nodes against the emulators, emulator contracts; on the system
# Node and again on the Node of the primary n8n), the build and
# the lint of n8n's verification scanner (source and packed tarball, scripts/scan-lint.mjs),
# end-to-end tests of the template workflows in real n8n processes (every pinned version, and queue mode with
# PostgreSQL, Redis and two workers), then the demo driven in headless Chromium (refreshes docs/*.png).
# Installs what is missing first: the pinned n8n versions (.tools/ cache) and the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
results=.tools/test-results
rm -rf "$results" && mkdir -p "$results"

# The pinned n8n installs and the Debian packages are mostly downloads: they run in the background while the type
# check, lint and unit tests use the CPU, and are waited for before the end-to-end tests need them.
echo "== pinned n8n versions and Debian packages (chromium, PostgreSQL, Redis): installing in the background"
(bash scripts/install-n8n.sh >"$results/install-n8n.log" 2>&1; echo $? >"$results/install-n8n.rc") &
installs=$!
(bash scripts/install-system-packages.sh >"$results/install-system-packages.log" 2>&1; echo $? >"$results/install-system-packages.rc") &
packages=$!
wait_for_install() { # name pid
	wait "$2" || true
	cat "$results/$1.log"
	if [ "$(cat "$results/$1.rc" 2>/dev/null)" != 0 ]; then
		echo "$1 failed (log above)" >&2
		exit 1
	fi
}

echo "== type check"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.test.json --noEmit

echo "== lint (n8n strict rules)"
npm run -s lint

echo "== unit tests"
npx jest --selectProjects unit --ci --json --outputFile="$results/unit.json"

echo "== pinned n8n versions (waiting for the background install)"
wait_for_install install-n8n "$installs"

echo "== Debian packages (waiting for the background install)"
wait_for_install install-system-packages "$packages"

# n8n loads the pack into its own Node: current n8n runs on Node 24, so the unit tests run there too.
primary_node="$(npx tsx -e "import { PRIMARY_N8N_VERSION } from './test/harness/n8n'; import { n8nNodeBinary } from './scripts/n8n-runtime'; console.log(n8nNodeBinary(PRIMARY_N8N_VERSION))")"
echo "== unit tests again on Node $("$primary_node" -p 'process.versions.node') (the Node of the primary n8n)"
"$primary_node" node_modules/jest/bin/jest.js --selectProjects unit --ci --json --outputFile="$results/unit-primary-node.json"

echo "== build"
npm run -s build

echo "== n8n verification scanner lint (source + packed tarball)"
node scripts/scan-lint.mjs --no-build

echo "== end-to-end tests (real n8n)"
npx jest --selectProjects e2e --ci --runInBand --json --outputFile="$results/e2e.json"

echo "== browser test (the demo in headless Chromium)"
npm run -s test:browser | tee "$results/browser.log"

echo "== all steps took $((SECONDS / 60)) min $((SECONDS % 60)) s"
node scripts/summarise-tests.js "$results"
