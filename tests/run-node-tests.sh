#!/bin/sh
# Runs the Node.js test suites (end-to-end, then browser) with whatever `node`
# is on PATH. Run from anywhere; it works from the repository root.
#   DISCLOSE_BIN  the binary under test (default build/test/disclose)
#   CHROMIUM_BIN  the browser (default /usr/bin/chromium)
# Needs `npm ci` first. Exits non-zero if any test fails; a hung test fails
# after 2 minutes (--test-timeout).
set -eu
cd "$(dirname "$0")/.."
node --version
node --test --test-concurrency=1 --test-timeout=120000 tests/e2e/
node --test --test-concurrency=1 --test-timeout=120000 tests/browser/
