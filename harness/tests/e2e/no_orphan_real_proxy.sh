#!/bin/sh
# usage: no_orphan_real_proxy.sh CONNECTSPEC CASES_DIR PROFILE
# A real proxy forks workers and helpers (squid's auth helpers even leave its process group):
# after a run that started several of its variants, nothing whose command line names the run's
# private temporary directory may be left running — neither after a normal end, nor after SIGINT.
set -u
cs=$1 cases=$2 profile=$3
tmp=$(mktemp -d)
chmod 755 "$tmp"  # proxies that drop privileges (squid) must reach their work directory below it
trap 'rm -rf "$tmp"' EXIT
survivors() { pgrep -f -- "$tmp/" >/dev/null; }
wait_gone() {
  i=0
  while survivors && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  ! survivors
}

# 1. A normal run that needs the plain, auth and port-policy variants.
TMPDIR=$tmp "$cs" run --cases "$cases" --profile "$profile" --jobs 4 \
  --filter 'auth.*' --filter 'policy.*' --filter 'tunnel.echo-1mib' >"$tmp/run.log" 2>&1
status=$?
# Verdicts are the profile tests' concern (a real proxy fails some of these cases): 0 or 1 is a
# completed run; 2 or 3 means the variants never ran, and the check below would prove nothing.
if [ $status -gt 1 ]; then echo "FAIL: the run of $profile exited $status"; cat "$tmp/run.log"; exit 1; fi
if ! wait_gone; then echo "FAIL: after a run of $profile these survived:"; pgrep -a -f -- "$tmp/"; pkill -9 -f -- "$tmp/"; exit 1; fi

# 2. Interrupted (Ctrl-C) while its instances are up.
TMPDIR=$tmp "$cs" run --cases "$cases" --profile "$profile" --jobs 1 --filter 'auth.*' >/dev/null 2>&1 &
pid=$!
i=0
while ! survivors && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
survivors || { echo "FAIL: $profile never started"; kill -9 $pid; exit 1; }
kill -INT $pid
wait $pid 2>/dev/null
if ! wait_gone; then echo "FAIL: after SIGINT these survived:"; pgrep -a -f -- "$tmp/"; pkill -9 -f -- "$tmp/"; exit 1; fi
echo "no process of $profile survived"
