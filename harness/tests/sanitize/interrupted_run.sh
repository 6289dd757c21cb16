#!/bin/sh
# usage: interrupted_run.sh CONNECTSPEC CASES_DIR JSON
# A run stopped by Ctrl-C while its proxy is serving a case (wait-for-client keeps the banner case
# waiting): the harness stops the proxy, writes the reports and exits 130, and both leave cleanly.
set -u
cs=$1 cases=$2 json=$3
out=$(dirname "$json")/interrupted-output.log
"$cs" run --cases "$cases" --jobs 1 --refproxy-fault wait-for-client --filter tunnel.banner-first \
  --json "$json" >"$out" 2>&1 &
pid=$!
# The console's first line comes once the proxy is ready; the case then starts and waits on it
# for seconds (the banner never comes).
i=0
# "1 case against" or "N cases against": match the words both share.
while ! grep -q " against .* at " "$out" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
if [ $i -ge 600 ]; then
  cat "$out"
  echo "FAIL: the console's first line did not come within 30 s; nothing to interrupt"
  kill -KILL $pid 2>/dev/null
  exit 1
fi
kill -INT $pid
wait $pid
status=$?
cat "$out"
exit $status
