#!/bin/sh
# The speed benchmark: `disclose serve` (release build) on the benchmark
# database (bench/gen.sh makes it), loaded with wrk on loopback, against
# the request page, the archive, an archive search and the home page, and
# nginx serving the same request page's bytes as a static file. Prints
# requests/s, p50/p99 latency, the server's CPU time per request (which
# other load on the machine disturbs less than the rest), its peak RSS and
# the targets.
#
# Anonymous pages are kept in disclose's page cache, so one URL asked again
# and again measures the cache. The "any" rows spread the load over many
# URLs that the cache cannot hold (random published requests, random pages
# deep in the archive and in the search results) and so measure the work
# behind a page: the database, the view and the template.
#
# The "dash" rows then sign a staff member in and load the staff dashboard
# (never cached: each page counts the nine queues and reads the shown
# queue's page) with the session cookie: the default queue, Overdue, All
# requests by due date and its page 20, and All requests filtered by the
# staff member's department.
#
#   BENCH_DIR       data (default /tmp/bench); raw wrk output and the server's
#                   log (access lines left out): $BENCH_DIR/last-run/
#   BENCH_DB        the database (default $BENCH_DIR/bench.db)
#   BENCH_PORT      disclose's port (default 8204)
#   NGINX_PORT      nginx's port (default BENCH_PORT+1)
#   BENCH_DURATION  seconds per wrk run (default 20), after a 3 s warm-up
#   BENCH_THREADS, BENCH_CONNECTIONS   wrk -t / -c (default 2 / 64)
#   STAFF_EMAIL     the dashboard rows' staff account (default: the one who is
#                   point of contact for the most requests not closed)
#   STAFF_PASSWORD  its password (default the demo's, demo-password-2026)
#   STAFF_DURATION, STAFF_CONNECTIONS   wrk -d / -c of the dashboard rows
#                   (default BENCH_DURATION / 1: the time of one page, as
#                   one staff member waits for it; libmicrohttpd keeps a
#                   connection on the thread that accepted it, so two
#                   connections may share one thread while a core idles);
#                   wrk's timeout for them is STAFF_DURATION, so that no slow
#                   page is left out
# Not part of `make test`. Everything listens on 127.0.0.1 and is stopped
# at the end.
set -eu
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/bench}
BENCH_DB=${BENCH_DB:-$BENCH_DIR/bench.db}
BENCH_PORT=${BENCH_PORT:-8204}
NGINX_PORT=${NGINX_PORT:-$((BENCH_PORT + 1))}
BENCH_DURATION=${BENCH_DURATION:-20}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-64}
STAFF_EMAIL=${STAFF_EMAIL:-}
STAFF_PASSWORD=${STAFF_PASSWORD:-demo-password-2026}
STAFF_DURATION=${STAFF_DURATION:-$BENCH_DURATION}
STAFF_CONNECTIONS=${STAFF_CONNECTIONS:-1}
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

# wait_for FILE TEXT: until the file contains the text (60 s at most; the
# first start after a schema change migrates the database).
wait_for() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$server_pid" 2>/dev/null; then
			echo "run: no '$2' in $1:" >&2
			cat "$1" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# The rows' settings: wrk's connections, threads (no more than the
# connections), seconds and timeout, and the session cookie ("" anonymous).
# Set again before the dashboard rows.
conns=$BENCH_CONNECTIONS threads=$BENCH_THREADS secs=$BENCH_DURATION timeout=2 cookie=

# status URL: the HTTP status code of a GET (with the cookie).
status() {
	curl -s -o /dev/null -w '%{http_code}' ${cookie:+-H "Cookie: $cookie"} "$1"
}

# paths_script FILE: a wrk script that asks for the paths read from stdin
# (one a line) in a random order, each thread with its own sequence.
paths_script() {
	{
		echo 'local paths = {'
		sed 's/.*/"&",/'
		echo '}'
		cat <<'LUA'
local n = 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init(args) math.randomseed(os.time() * 100 + id) end
function request() return wrk.format(nil, paths[math.random(#paths)]) end
LUA
	} >"$1"
}

# cpu_ticks: the CPU time the disclose server has used, in clock ticks
# (utime + stime of /proc/PID/stat).
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$server_pid/stat"
}

# settle: until the server has used no CPU for half a second (30 s at
# most), so that a slow page still being built for the warm-up is not
# counted in the measured run.
settle() {
	n=0
	a=$(cpu_ticks)
	while [ $n -lt 60 ]; do
		sleep 0.5
		b=$(cpu_ticks)
		[ "$b" != "$a" ] || return 0
		a=$b n=$((n + 1))
	done
}

# load SECONDS URL SCRIPT [WRK OPTIONS]: wrk with the rows' settings (and
# the Lua script unless it is "").
load() {
	d=$1 u=$2 s=$3
	shift 3
	wrk -t"$threads" -c"$conns" -d"${d}s" --timeout "${timeout}s" ${s:+-s "$s"} \
		${cookie:+-H "Cookie: $cookie"} "$@" "$u"
}

# bench NAME URL [SCRIPT]: a warm-up, then the measured wrk run into
# $out/NAME.txt; sets rps, p50, p99 (ms), bad (non-2xx), errs (socket) and
# cpu (the disclose server's CPU ms per request; "-" for nginx).
bench() {
	load 3 "$2" "${3:-}" >/dev/null
	sleep 1 # the server lets go of the connections (64 per address at most)
	settle
	t0=$(cpu_ticks)
	load "$secs" "$2" "${3:-}" --latency >"$out/$1.txt"
	t1=$(cpu_ticks)
	[ "$1" != nginx ] || t1=
	sleep 1
	# shellcheck disable=SC2046 # six values
	set -- $(awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" '
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
	/ requests in / { n = $1 }
	END {
		cpu = t1 == "" || !n ? "-" : sprintf("%.2f", (t1 - t0) * 1000 / hz / n)
		printf (rps < 100 ? "%.1f" : "%.0f") " %.2f %.2f %d %d %s\n", rps, p50, p99, bad, errs,
			cpu
	}
	' "$out/$1.txt")
	rps=$1 p50=$2 p99=$3 bad=$4 errs=$5 cpu=$6
}

# The disclose server.
mkdir -p "$tmp/data"
"$BIN" serve --db "$BENCH_DB" --data-dir "$tmp/data" --address 127.0.0.1 \
	--port "$BENCH_PORT" >"$tmp/serve.log" 2>&1 &
server_pid=$!
wait_for "$tmp/serve.log" "listening on"
base=http://127.0.0.1:$BENCH_PORT

# Paths for the "any" rows: published requests at random; archive pages
# after a random instant of the two years; search pages below a random item.
q() { sqlite3 -readonly "$BENCH_DB" "$1"; }
q "SELECT '/requests/' || number FROM requests WHERE published = 1
	ORDER BY random() LIMIT 20000" | paths_script "$tmp/request-any.lua"
lo=$(q 'SELECT min(received_at) FROM requests')
hi=$(q 'SELECT max(received_at) FROM requests')
items=$(q 'SELECT max(id) FROM search_items')
awk -v lo="$lo" -v hi="$hi" 'BEGIN { srand(5156); for (i = 0; i < 20000; i++)
	printf "/requests?after=%d_999999999\n", lo + int(rand() * (hi - lo)) }' |
	paths_script "$tmp/archive-any.lua"
awk -v n="$items" 'BEGIN { srand(5156); for (i = 0; i < 20000; i++)
	printf "/requests?q=records&after=%d\n", 1 + int(rand() * n) }' |
	paths_script "$tmp/search-any.lua"

# The dashboard rows' staff member, their requests not closed and their
# (first) department.
if [ -z "$STAFF_EMAIL" ]; then
	STAFF_EMAIL=$(q "SELECT u.email FROM requests AS r JOIN users AS u
		ON u.id = r.point_of_contact_id WHERE r.status <> 'closed'
		GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1")
fi
staff_id=$(q "SELECT id FROM users
	WHERE email = '$(printf %s "$STAFF_EMAIL" | sed "s/'/''/g")'")
[ -n "$staff_id" ] || { echo "run: no user $STAFF_EMAIL in $BENCH_DB" >&2; exit 1; }
staff_name=$(q "SELECT name || ' (' || role || ')' FROM users WHERE id = $staff_id")
staff_open=$(q "SELECT count(*) FROM requests
	WHERE point_of_contact_id = $staff_id AND status IN ('open', 'paused')")
dept=$(q "SELECT department_id FROM user_departments WHERE user_id = $staff_id
	ORDER BY department_id LIMIT 1")
[ -n "$dept" ] || { echo "run: $STAFF_EMAIL belongs to no department" >&2; exit 1; }
dept_name=$(q "SELECT name FROM departments WHERE id = $dept")

# nginx with the request page's bytes (whatever disclose answers now).
mkdir -p "$tmp/nginx/www/requests" "$tmp/nginx/tmp"
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
printf '%-12s %-35s %4s %7s %7s %7s %7s  %-17s %s\n' endpoint path http req/s p50_ms \
	p99_ms cpu_ms target verdict

# row NAME PATH BASE TARGET [SCRIPT SAMPLE]: measures one endpoint (with a
# wrk script, SAMPLE is one of its paths, for the status code) and sets
# line, code, rps, p99 and note.
row() {
	url=$3${6:-$2} # the script's paths replace the sample's
	code=$(status "$url")
	bench "$1" "$url" "${5:-}"
	note=
	[ "$bad" = 0 ] || note=" ($bad non-2xx)"
	[ "$errs" = 0 ] || note="$note ($errs socket errors)"
	line=$(printf '%-12s %-35s %4s %7s %7s %7s %7s  %-17s' "$1" "$2" "$code" "$rps" "$p50" \
		"$p99" "$cpu" "$4")
}
# verdict OK: met / missed, or pending while the page is not there.
verdict() {
	if [ "$code" != 200 ]; then
		echo "pending (HTTP $code)"
	elif [ "$1" = 1 ]; then
		echo met
	else
		echo missed
	fi
}
below() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? 1 : 0 }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }'; }
# throughput: the verdict of the request page's target against nginx.
throughput() {
	r=$(percent "$rps" "$nginx_rps")
	echo "$(verdict "$(below 29.999 "$r")") ($r% of nginx)"
}

row nginx "$REQUEST" "$nginx_base" "(static copy)"
nginx_rps=$rps
echo "$line -$note"

row request "$REQUEST" "$base" ">= 30% of nginx"
echo "$line $(throughput)$note"

row request-any "/requests/<random published>" "$base" ">= 30% of nginx" \
	"$tmp/request-any.lua" /requests/19-5156
echo "$line $(throughput)$note"

row archive /requests "$base" "p99 < 20 ms"
echo "$line $(verdict "$(below "$p99" 20)")$note"

row archive-any "/requests?after=<random>" "$base" "p99 < 20 ms" \
	"$tmp/archive-any.lua" "/requests?after=${hi}_999999999"
echo "$line $(verdict "$(below "$p99" 20)")$note"

row search '/requests?q=records' "$base" "p99 < 50 ms"
echo "$line $(verdict "$(below "$p99" 50)")$note"

row search-any "/requests?q=records&after=<random>" "$base" "p99 < 50 ms" \
	"$tmp/search-any.lua" "/requests?q=records&after=$items"
echo "$line $(verdict "$(below "$p99" 50)")$note"

row home / "$base" "(none)"
echo "$line -$note"

# memory LABEL: the server's peak resident memory so far, against its target.
memory() {
	hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")
	rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
	hwm_mb=$((hwm_kb / 1024))
	code=200
	printf '%-12s peak RSS (VmHWM) %d MB, now %d MB; target < 150 MB: %s\n' "$1" "$hwm_mb" \
		$((rss_kb / 1024)) "$(verdict "$(below "$hwm_mb" 150)")"
}
memory server

# The staff dashboard, signed in: after the anonymous rows, because signing
# in writes to the database, which empties their page cache.
jar=$tmp/cookies
token=$(curl -s -c "$jar" "$base/login" |
	sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
code=$(curl -s -o "$tmp/login.html" -w '%{http_code}' -b "$jar" -c "$jar" \
	--data-urlencode "csrf_token=$token" --data-urlencode "email=$STAFF_EMAIL" \
	--data-urlencode "password=$STAFF_PASSWORD" "$base/login")
session=$(awk '$6 == "disclose_session" { print $7 }' "$jar")
if [ "$code" != 303 ] || [ -z "$session" ]; then
	echo "run: signing in as $STAFF_EMAIL: HTTP $code, no session cookie" >&2
	exit 1
fi
conns=$STAFF_CONNECTIONS secs=$STAFF_DURATION timeout=$STAFF_DURATION
threads=$((BENCH_THREADS < conns ? BENCH_THREADS : conns))
cookie="disclose_session=$session"
echo "run: dashboard as $STAFF_EMAIL, $staff_name, point of contact for $staff_open" \
	"requests not closed; department $dept: $dept_name;" \
	"wrk -t$threads -c$conns -d${secs}s --timeout ${timeout}s --latency"

# dash NAME PATH: a dashboard row; fails unless PATH answers 200 with the
# dashboard (not a sign-in page or an error).
dash() {
	code=$(curl -s -o "$tmp/dash.html" -w '%{http_code}' -H "Cookie: $cookie" "$base$2")
	if [ "$code" != 200 ] || ! grep -q '<h1>Staff dashboard</h1>' "$tmp/dash.html"; then
		echo "run: $2 as $STAFF_EMAIL: HTTP $code, not the staff dashboard" >&2
		exit 1
	fi
	row "$1" "$2" "$base" ""
	echo "$line -$note"
}
dash dash-mine /staff
dash dash-overdue '/staff?queue=overdue'
dash dash-all-due '/staff?queue=all&sort=due'
dash dash-all-p20 '/staff?queue=all&sort=due&page=20'
dash dash-dept "/staff?queue=all&department=$dept"
memory server # with the sign-in's password check (Argon2id: 64 MiB)
echo "run: load average $(cut -d' ' -f1-3 /proc/loadavg) after; raw wrk output in $out/"
