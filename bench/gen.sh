#!/bin/sh
# Builds the release binary and generates the benchmark database: demo data
# with a million requests (about five events each) at $BENCH_DB. Keeps an
# existing database that has the expected number of requests and was made
# by the same generator (the last commit of the demo code, in $BENCH_DB.made).
#   BENCH_DIR       where the data goes (default /tmp/bench)
#   BENCH_DB        the database (default $BENCH_DIR/bench.db)
#   BENCH_REQUESTS  requests besides 19-5156 (default 1000000)
# Not part of `make test`. Run from anywhere; prints the time it took.
set -eu
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/bench}
BENCH_DB=${BENCH_DB:-$BENCH_DIR/bench.db}
BENCH_REQUESTS=${BENCH_REQUESTS:-1000000}
BIN=build/release/disclose

scripts/deps.sh bench
[ -f build/release/build.ninja ] ||
	meson setup build/release --buildtype=release -Db_ndebug=false >/dev/null
ninja -C build/release >/dev/null

mkdir -p "$(dirname "$BENCH_DB")"
exec 9>"$BENCH_DB.lock" # one generator per database at a time
flock 9

expected=$((BENCH_REQUESTS + 1)) # and 19-5156
generator=$(git log -1 --format=%h -- src/cmd/demo.c src/demo src/domain/deadline.c 2>/dev/null ||
	echo unknown)
if [ -f "$BENCH_DB" ]; then
	have=$(sqlite3 -readonly "$BENCH_DB" 'SELECT count(*) FROM requests' 2>/dev/null || echo 0)
	made=$(cat "$BENCH_DB.made" 2>/dev/null || echo unknown)
	if [ "$have" = "$expected" ] && [ "$made" = "$generator" ]; then
		echo "gen: $BENCH_DB has $have requests, made by $made; kept"
		exit 0
	fi
	echo "gen: $BENCH_DB has $have requests made by $made, not $expected by $generator;" \
		"generating it again"
	rm -f "$BENCH_DB" "$BENCH_DB-wal" "$BENCH_DB-shm" "$BENCH_DB.made"
fi

start=$(date +%s)
"$BIN" demo --db "$BENCH_DB" --requests "$BENCH_REQUESTS"
secs=$(($(date +%s) - start))
echo "$generator" >"$BENCH_DB.made"
events=$(sqlite3 -readonly "$BENCH_DB" 'SELECT count(*) FROM events')
size=$(du -h "$BENCH_DB" | cut -f1)
echo "gen: $expected requests, $events events, $size in $((secs / 60))m$((secs % 60))s"
