#!/bin/sh
# usage: no_orphan_proxy.sh CONNECTSPEC CASES_DIR
# Two fault switches no other test combines make this run's proxy findable among parallel tests.
set -u
cs=$1 cases=$2
marker="--fault wait-for-client --fault reject-http10"
faults="--refproxy-fault wait-for-client --refproxy-fault reject-http10"
survivors() { pgrep -f -- "connectspec-refproxy .*$marker" >/dev/null; }

# 1. stdout closed after the first line.
"$cs" run --cases "$cases" --jobs 1 $faults --filter 'target.port-*' | head -n 1 >/dev/null
if survivors; then echo "FAIL: a proxy survived a run whose stdout was closed"; pkill -f -- "$marker"; exit 1; fi

# 2. the harness killed with SIGKILL while the proxy is up (wait-for-client keeps the banner case waiting).
"$cs" run --cases "$cases" --jobs 1 $faults --filter tunnel.banner-first >/dev/null 2>&1 &
pid=$!
i=0
while ! survivors && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
survivors || { echo "FAIL: the proxy never started"; kill -9 $pid; exit 1; }
kill -9 $pid
wait $pid 2>/dev/null
i=0
while survivors && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if survivors; then echo "FAIL: a proxy survived the harness being killed"; pkill -f -- "$marker"; exit 1; fi
echo "no proxy survived"
