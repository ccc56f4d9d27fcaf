#!/bin/sh
# Runs the web UI's end-to-end tests (tests/ui, node's test runner driving
# Debian's chromium through playwright-core) against the real binary
# ($SROI_BIN serve) on a temporary demo database on a free loopback port.
# The server is stopped also when a test fails; screenshots and the
# server's log go to test-artifacts/.
set -eu
cd "$(dirname "$0")/.."
: "${SROI_BIN:=$PWD/build-test/sroi}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
artifacts=$PWD/test-artifacts
mkdir -p "$artifacts"
rm -f "$artifacts"/failure-*.png

for tool in node npm; do
	command -v $tool >/dev/null 2>&1 || { echo "run-ui-tests.sh: $tool is missing (sh tools/install-deps.sh build)" >&2; exit 1; }
done
[ -x "${SROI_CHROMIUM:-/usr/bin/chromium}" ] || { echo "run-ui-tests.sh: chromium is missing (sh tools/install-deps.sh build test)" >&2; exit 1; }
[ -x "$SROI_BIN" ] || { echo "run-ui-tests.sh: no binary at $SROI_BIN" >&2; exit 1; }

# playwright-core from tests/ui/package-lock.json (its own browser is never downloaded).
if [ ! -f tests/ui/node_modules/.package-lock.json ] || [ tests/ui/package-lock.json -nt tests/ui/node_modules/.package-lock.json ]; then
	(cd tests/ui && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
pid=""
stop_server() {
	status=0
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || status=$?
	fi
	pid=""
	return $status
}
cleanup() {
	stop_server || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== UI tests: demo database"
"$SROI_BIN" demo --db "$tmp/ui.db" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
"$SROI_BIN" serve --db "$tmp/ui.db" --listen 127.0.0.1:0 >"$artifacts/ui-server.log" 2>&1 &
pid=$!
url=""
i=0
while [ $i -lt 100 ]; do
	url=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$artifacts/ui-server.log" | head -n 1)
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || { cat "$artifacts/ui-server.log" >&2; exit 1; }
	sleep 0.1
	i=$((i + 1))
done
[ -n "$url" ] || { echo "run-ui-tests.sh: the server did not start" >&2; exit 1; }
echo "== UI tests against $url (screenshots in test-artifacts/)"

rc=0
SROI_UI_URL=$url SROI_UI_ARTIFACTS=$artifacts node --test tests/ui/*.test.mjs || rc=$?
# A server that does not stop cleanly (or that leaks, under ASan) fails the run.
stop_server || { echo "run-ui-tests.sh: the server exited with an error (see test-artifacts/ui-server.log)" >&2; [ $rc -ne 0 ] || rc=1; }
exit $rc
