#!/usr/bin/env bash
# Debian packages the tests need beyond Node: Chromium for the browser test (driven by playwright-core, which
# never downloads a browser of its own), PostgreSQL and Redis for the queue-mode tests. Installs only what is
# missing; non-interactive, so it runs on a fresh machine and in CI (as root, or with passwordless sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
	echo "install-system-packages: installing chromium ..."
	if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo -n); fi
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
bash scripts/queue-services.sh install
echo "install-system-packages: chromium, PostgreSQL and Redis are present"
