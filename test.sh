#!/usr/bin/env bash
# Baton's test command: installs what the tests need when missing (Debian chromium, postgresql, dovecot-imapd), starts a
# throwaway PostgreSQL on 127.0.0.1, runs every suite (domain, integration on SQLite, integration on
# PostgreSQL, browser), stops what it started. Non-interactive; safe to run on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n=== %s\n' "$*"; }
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo -n"; fi

# ---- what the suites need ---------------------------------------------------------------------------
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[[ -x /usr/sbin/dovecot ]] || need+=(dovecot-imapd) # the IMAP polling tests start their own Dovecot on a loopback port
if ((${#need[@]})); then
  log "Installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The Debian package starts a cluster on 5432; we use our own, so stop it if it came up.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
  $SUDO service dovecot stop >/dev/null 2>&1 || true
fi

# ---- a throwaway PostgreSQL ---------------------------------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_PORT=${BATON_PG_PORT:-55432}
PG_DIR=$(mktemp -d /tmp/baton-pg.XXXXXX)
run_pg() { if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DIR"
SMALL_DISK=""; READONLY_DIR=""
stop_pg() {
  run_pg "$PG_BIN/pg_ctl -D $PG_DIR/data stop -m fast" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  for d in "$SMALL_DISK" "$READONLY_DIR"; do
    [[ -n $d ]] && { $SUDO umount -l "$d" >/dev/null 2>&1 || true; rmdir "$d" 2>/dev/null || true; } # lazy: a process still holding a file there must not leave the mount behind
  done
}
trap stop_pg EXIT
log "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
run_pg "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
# fsync off is for test speed only; durability tests run on SQLite.
run_pg "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/pg.log -w -o '-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c max_connections=300' start" >/dev/null

# ---- a full disk and a read-only one, for the operations tests (tests/Baton.Web.Tests/Operations) ----------
SMALL_DISK=$(mktemp -d /tmp/baton-small-disk.XXXXXX)
READONLY_DIR=$(mktemp -d /tmp/baton-readonly.XXXXXX)
if $SUDO mount -t tmpfs -o size=4m,mode=1777 tmpfs "$SMALL_DISK" && $SUDO mount -t tmpfs -o ro,size=64k,mode=1777 tmpfs "$READONLY_DIR"; then
  export BATON_TEST_SMALL_DISK=$SMALL_DISK BATON_TEST_READONLY_DIR=$READONLY_DIR
else
  echo "Could not mount the small test file systems; the disk-full tests will fail under BATON_REQUIRE_ALL_SUITES." >&2
fi

# ---- build once, run every suite ---------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export BATON_REQUIRE_ALL_SUITES=1
log "Building"
dotnet build Baton.slnx -c Release -v quiet -nologo

results=$(mktemp)
suite_failures=0
suite() {
  local name=$1; shift
  log "$name"
  set +e
  # A test that hangs is killed after 5 minutes and named (blame), and a whole suite after 25, so a hang fails the run
  # in minutes instead of eating CI's time limit.
  timeout --kill-after=30s 25m dotnet test "$@" -c Release --no-build -nologo --logger "console;verbosity=normal" \
    --blame-hang-timeout 5m --blame-hang-dump-type none 2>&1 | tee -a "$results" | grep -vE '^\s+Passed |^$'
  local rc=${PIPESTATUS[0]}
  set -e
  if [[ $rc -ne 0 ]]; then suite_failures=$((suite_failures + 1)); echo "!!! $name: dotnet test exited $rc"; fi
}
suite "Domain tests" tests/Baton.Domain.Tests
suite "Integration tests on SQLite" tests/Baton.Web.Tests
BATON_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Maximum Pool Size=20;Connection Idle Lifetime=15;Connection Pruning Interval=5" \
  suite "Integration tests on PostgreSQL" tests/Baton.Web.Tests
if [[ -d tests/Baton.Browser.Tests ]]; then
  suite "Browser tests (Playwright + Debian chromium)" tests/Baton.Browser.Tests
fi

# ---- one summary line ----------------------------------------------------------------------------------
count() { { grep -oE "^ +$1: +[0-9]+" "$results" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
runs=$(grep -cE '^Total tests: ' "$results" || true)
aborted=$(grep -cE 'Test Run Aborted|error MSB|Testhost process exited' "$results" || true)
expected=3
[[ -d tests/Baton.Browser.Tests ]] && expected=4
echo
# CI shows only the end of this output, so the failed tests and their first lines of error come last.
if grep -qE '^ +Failed [A-Za-z]' "$results"; then
  echo "Failed tests:"
  # head closes the pipe early; under pipefail that SIGPIPE (141) must not end the script before its summary.
  { grep -A 12 -E '^ +Failed [A-Za-z]' "$results" | grep -vE '^ +(at |Stack Trace:)' | head -60; } || true
fi
rm -f "$results"
echo "Total: $passed passed, $failed failed, $skipped skipped"
if [[ $failed -ne 0 || $suite_failures -ne 0 || $aborted -ne 0 || $runs -lt $expected || $passed -eq 0 ]]; then
  echo "Some suites failed or did not run ($runs of $expected suites reported results)." >&2
  exit 1
fi
