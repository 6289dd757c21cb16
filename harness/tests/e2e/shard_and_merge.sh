#!/bin/sh
# Three shards of a run against a mutant of the reference proxy, merged in a shuffled order: the
# merge holds exactly the suite's cases, fails like the whole run would (exit 1, the mutant's
# failures), and its JUnit reads back in junitparser with the JSON's verdicts.
# Usage: shard_and_merge.sh CONNECTSPEC CASES OUT_DIR JUNIT_CHECK
set -eu
cs=$1 cases=$2 out=$3 junit_check=$4
rm -rf "$out"
mkdir -p "$out"
for k in 1 2 3; do
  rc=0
  timeout 120 "$cs" run --cases "$cases" --shard $k/3 --refproxy-fault content-length-on-2xx --json "$out/shard$k.json" \
    >"$out/shard$k.log" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ]; then
    cat "$out/shard$k.log"
    echo "FAIL: shard $k/3 exited $rc"
    exit 1
  fi
done
rc=0
"$cs" merge "$out/shard3.json" "$out/shard1.json" "$out/shard2.json" --json "$out/merged.json" --junit "$out/merged.xml" \
  >"$out/merge.log" 2>&1 || rc=$?
cat "$out/merge.log"
[ "$rc" -eq 1 ] || { echo "FAIL: merge exited $rc, not 1 (the mutant fails cases)"; exit 1; }
grep -q "^merged 3 files: " "$out/merge.log" || { echo "FAIL: no 'merged 3 files' line"; exit 1; }
# The shards speak HTTP/1.1 to a proxy: the HTTP/2 cases (cases/h2/, ids h2.*) and the client
# cases (cases/client/, ids client.*) are not selected.
"$cs" list --cases "$cases" | sed -n 's/^\([a-z0-9][^ ]*\.[^ ]*\) .*/\1/p' | grep -Ev '^(h2|client)\.' | sort >"$out/suite-ids"
sed -n 's/^ *"id": "\(.*\)",$/\1/p' "$out/merged.json" >"$out/merged-ids"
# The cases tagged offline run only where the machine's only network is loopback
# (docs/case-format.md): elsewhere the shards leave them all out.
"$cs" list --cases "$cases" --tag offline | sed -n 's/^\([a-z0-9][^ ]*\.[^ ]*\) .*/\1/p' | sort >"$out/offline-ids"
if [ -s "$out/offline-ids" ] && ! grep -qxFf "$out/offline-ids" "$out/merged-ids"; then
  grep -vxFf "$out/offline-ids" "$out/suite-ids" >"$out/suite-ids.online" || true
  mv "$out/suite-ids.online" "$out/suite-ids"
fi
if ! cmp -s "$out/suite-ids" "$out/merged-ids"; then
  diff "$out/suite-ids" "$out/merged-ids" || true
  echo "FAIL: the merged run does not hold exactly the suite's cases, in id order"
  exit 1
fi
grep -q '"id": "response.no-framing-on-2xx"' "$out/merged.json" || exit 1
"$junit_check" "$out/merged.xml" "$out/merged.json"
echo "shards merged: $(wc -l <"$out/merged-ids") cases"
