#!/bin/sh
# build.sh: bundles the web UI (web/src) with esbuild into OUTDIR (app.js,
# app.css). meson runs it (web/meson.build) and embeds the result in the
# binary; by hand, `sh web/build.sh` writes web/dist/.
# Usage: build.sh [OUTDIR [DEPFILE]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/dist}
target=$out/app.js # as ninja names it, for the depfile
depfile=${2:-}
case "$out" in /*) ;; *) out=$PWD/$out ;; esac
case "$depfile" in /* | "") ;; *) depfile=$PWD/$depfile ;; esac

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "web/build.sh: the web UI needs node and npm to build (Debian: apt-get install nodejs npm, or sh tools/install-deps.sh build)" >&2
	exit 1
fi
cd "$here"
# npm ci when node_modules is missing or older than the lock file.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
	echo "web/build.sh: npm ci" >&2
	npm ci --no-audit --no-fund --loglevel=error >&2
fi
mkdir -p "$out"
exec node build.mjs "$out" "$depfile" "$target"
