#!/usr/bin/env bash
# All tests: type check, lint, unit tests (pure logic, nodes against the emulators, emulator contracts),
# then end-to-end tests of the template workflows in real n8n processes (every pinned version).
# Installs the pinned n8n versions into the .tools/ cache first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type check"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.test.json --noEmit

echo "== lint (n8n strict rules)"
npm run -s lint

echo "== unit tests"
npx jest --selectProjects unit --ci

echo "== pinned n8n versions"
bash scripts/install-n8n.sh

echo "== build"
npm run -s build

echo "== end-to-end tests (real n8n)"
npx jest --selectProjects e2e --ci --runInBand
