#!/bin/sh
# The speed benchmark: `disclose serve` (release build) on the benchmark
# database (bench/gen.sh makes it), loaded with wrk on loopback, against
# the request page, the archive, an archive search and the home page, and
# nginx serving the same request page's bytes as a static file. Prints
# requests/s, p50/p99 latency, the server's peak RSS and the targets.
#   BENCH_DIR       data (default /tmp/bench); raw wrk output and the server's
#                   log (access lines left out): $BENCH_DIR/last-run/
#   BENCH_DB        the database (default $BENCH_DIR/bench.db)
#   BENCH_PORT      disclose's port (default 8204)
#   NGINX_PORT      nginx's port (default BENCH_PORT+1)
#   BENCH_DURATION  seconds per wrk run (default 20), after a 3 s warm-up
#   BENCH_THREADS, BENCH_CONNECTIONS   wrk -t / -c (default 2 / 64)
# Not part of `make test`. Everything listens on 127.0.0.1 and is stopped
# at the end.
set -eu
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/bench}
BENCH_DB=${BENCH_DB:-$BENCH_DIR/bench.db}
BENCH_PORT=${BENCH_PORT:-8204}
BENCH_DURATION=${BENCH_DURATION:-20}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-64}
NGINX_PORT=${NGINX_PORT:-$((BENCH_PORT + 1))}
BIN=build/release/disclose
REQUEST=/requests/19-5156

scripts/deps.sh bench # curl, before the ports are checked
for port in "$BENCH_PORT" "$NGINX_PORT"; do
	if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
		echo "run: port $port is in use; choose BENCH_PORT / NGINX_PORT" >&2
		exit 1
	fi
done
BENCH_DIR=$BENCH_DIR BENCH_DB=$BENCH_DB bench/gen.sh # deps, build, database
command -v nginx >/dev/null || PATH=$PATH:/usr/sbin

tmp=$(mktemp -d "${TMPDIR:-/tmp}/disclose-bench.XXXXXX")
out=$BENCH_DIR/last-run
rm -rf "$out"
mkdir -p "$out"
server_pid=
nginx_up=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		# The server's log without the access lines, for its errors.
		grep -v ' access ' "$tmp/serve.log" >"$out/serve.log" 2>/dev/null || true
	fi
	if [ -n "$nginx_up" ]; then
		nginx -p "$tmp/nginx" -c nginx.conf -e "$tmp/nginx/error.log" -s stop \
			2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for FILE TEXT: until the file contains the text (30 s at most).
wait_for() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			echo "run: no '$2' in $1 after 30 s:" >&2
			cat "$1" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# status URL: the HTTP status code of a GET.
status() {
	curl -s -o /dev/null -w '%{http_code}' "$1"
}

# bench NAME URL: a warm-up, then the measured wrk run into $out/NAME.txt;
# prints "rps p50_ms p99_ms non2xx errors".
bench() {
	wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d3s "$2" >/dev/null
	wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_DURATION}s" --latency "$2" \
		>"$out/$1.txt"
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /m$/) return v * 60000
		if (v ~ /s$/) return v * 1000
		return v
	}
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/^Requests\/sec:/ { rps = $2 }
	/Non-2xx or 3xx responses:/ { bad = $NF }
	/Socket errors:/ { gsub(/,/, ""); errs = $4 + $6 + $8 + $10 }
	END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, bad, errs }
	' "$out/$1.txt"
}

# The disclose server.
mkdir -p "$tmp/data"
"$BIN" serve --db "$BENCH_DB" --data-dir "$tmp/data" --address 127.0.0.1 \
	--port "$BENCH_PORT" >"$tmp/serve.log" 2>&1 &
server_pid=$!
wait_for "$tmp/serve.log" "listening on"
base=http://127.0.0.1:$BENCH_PORT

# nginx with the request page's bytes (whatever disclose answers now).
mkdir -p "$tmp/nginx/www/requests"
curl -s -o "$tmp/nginx/www$REQUEST" "$base$REQUEST"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 2;
pid nginx.pid;
error_log error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	client_body_temp_path tmp;
	proxy_temp_path tmp;
	fastcgi_temp_path tmp;
	uwsgi_temp_path tmp;
	scgi_temp_path tmp;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root www;
	}
}
CONF
mkdir -p "$tmp/nginx/tmp"
chmod -R a+rX "$tmp" # the workers run as nobody when this runs as root
nginx -p "$tmp/nginx" -c nginx.conf -e "$tmp/nginx/error.log"
nginx_up=1
nginx_base=http://127.0.0.1:$NGINX_PORT
i=0
until [ "$(status "$nginx_base$REQUEST")" = 200 ]; do
	i=$((i + 1))
	[ $i -le 50 ] || { echo "run: nginx did not start" >&2; cat "$tmp/nginx/error.log" >&2; exit 1; }
	sleep 0.1
done

echo "run: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before;" \
	"wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d${BENCH_DURATION}s --latency"
printf '%-13s %-22s %4s %8s %8s %8s  %-30s %s\n' endpoint path http req/s p50_ms p99_ms \
	target verdict
# row NAME PATH BASE TARGET: measures one endpoint and prints its line;
# sets rps/p50/p99/code for the caller's verdicts.
row() {
	code=$(status "$3$2")
	set -- "$1" "$2" "$3" "$4" $(bench "$1" "$3$2")
	rps=$5 p50=$6 p99=$7
	note=
	[ "$8" = 0 ] || note=" ($8 non-2xx)"
	[ "$9" = 0 ] || note="$note ($9 socket errors)"
	line=$(printf '%-13s %-22s %4s %8s %8s %8s  %-30s' "$1" "$2" "$code" "$rps" "$p50" \
		"$p99" "$4")
}
# verdict P99 LIMIT: met / missed, or pending while the page is not there.
verdict() {
	if [ "$code" != 200 ]; then
		echo "pending (HTTP $code)"
	elif awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; then
		echo met
	else
		echo missed
	fi
}

row nginx "$REQUEST" "$nginx_base" "(static copy of the page)"
nginx_rps=$rps
echo "$line${note}"

row request "$REQUEST" "$base" ">= 30% of nginx"
ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }')
request_code=$code
if [ "$code" != 200 ]; then
	v="pending (HTTP $code)"
elif awk -v r="$ratio" 'BEGIN { exit !(r >= 30) }'; then
	v="met ($ratio%)"
else
	v="missed ($ratio%)"
fi
echo "$line $v$note"

row archive /requests "$base" "p99 < 20 ms"
echo "$line $(verdict "$p99" 20)$note"

row search '/requests?q=records' "$base" "p99 < 50 ms"
echo "$line $(verdict "$p99" 50)$note"

row home / "$base" "(no target)"
echo "$line -$note"

hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
hwm_mb=$((hwm_kb / 1024))
if [ "$hwm_mb" -lt 150 ]; then v=met; else v=missed; fi
printf '%-13s peak RSS (VmHWM) %d MB, now %d MB; target < 150 MB: %s\n' server "$hwm_mb" \
	$((rss_kb / 1024)) "$v"
[ "$request_code" = 200 ] || ratio="(pending: HTTP $request_code)"
echo "run: request page / nginx requests/s: $ratio; load average" \
	"$(cut -d' ' -f1-3 /proc/loadavg) after; raw wrk output in $out/"
