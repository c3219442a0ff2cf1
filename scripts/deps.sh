#!/bin/sh
# Install the Debian packages (and, for tests, the npm packages) that are
# missing. Idempotent and quiet when everything is there.
#   scripts/deps.sh run    what `make run` needs: build tools and libraries
#   scripts/deps.sh test   plus cmocka, Chromium, Node.js and `npm ci`
#   scripts/deps.sh bench  plus wrk, nginx-light, curl, sqlite3 (bench/*.sh)
set -eu

mode=${1:-run}

build_pkgs="gcc make meson ninja-build pkg-config python3 ca-certificates tzdata
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev libcmark-dev
libgmime-3.0-dev libxml2-dev libcurl4-openssl-dev
libmagic-dev libarchive-dev nettle-dev poppler-utils"
test_pkgs="libcmocka-dev chromium sqlite3 curl libfaketime"
bench_pkgs="wrk nginx-light curl sqlite3"

case $mode in
run) want=$build_pkgs ;;
test) want="$build_pkgs $test_pkgs" ;;
bench) want="$build_pkgs $bench_pkgs" ;;
*) echo "usage: scripts/deps.sh run|test|bench" >&2; exit 2 ;;
esac

missing=
for pkg in $want; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $pkg"
done
# Node.js may come from Debian (nodejs + npm) or be preinstalled with npm.
if [ "$mode" = test ] && ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing Debian packages:$missing" >&2
		echo "deps: run 'sudo apt-get install$missing' or run make as root" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$mode" = test ]; then
	# npm ci only when the lock file changed since the last install.
	stamp=node_modules/.disclose-lock
	if ! [ -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
		npm ci --no-audit --no-fund --loglevel=error
		cp package-lock.json "$stamp"
	fi
fi
