#!/bin/sh
# Installs the Debian packages sroi needs to build, test and run, when they
# are missing. Idempotent; run as root on Debian 12 (make run / make test do).
set -eu
want="$*"
[ -n "$want" ] || want="build"
pkgs="build-essential pkg-config meson ninja-build python3
      libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev liboath-dev
      libzip-dev libexpat1-dev libxlsxwriter-dev libcairo2-dev fonts-dejavu-core
      sqlite3 curl ca-certificates"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm" # the web UI's bundler (web/build.sh)
case " $want " in *" test "*)
  pkgs="$pkgs libcmocka-dev python3-pytest postgresql liblemon-utils chromium" ;;
esac
case " $want " in *" bench "*)
  pkgs="$pkgs liblemon-utils wrk nginx time" ;;
esac
case " $want " in *" fuzz "*)
  pkgs="$pkgs clang libclang-rt-14-dev" ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "sroi needs these Debian packages:$missing" >&2
    echo "install them as root: apt-get install$missing" >&2
    exit 1
  fi
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
