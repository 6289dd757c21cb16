#!/bin/bash
# usage: non_loopback_netns.sh CONNECTSPEC REFPROXY CASES_DIR
# --allow-non-loopback, for real: a test host in a network namespace this test creates (a veth
# pair, 10.231.N.0/30, nothing routed beyond it), where the reference proxy sits behind a socat
# relay on the namespace's own address. Without the flag connectspec refuses that address (exit 2)
# and sends nothing; with it, a case that needs no origin (the proxy answers 400) passes.
set -u
cs=$1 refproxy=$2 cases=$3
[ "$(id -u)" -eq 0 ] || { echo "FAIL: needs root to create a network namespace"; exit 1; }
n=$(( $$ % 250 + 1 ))
ns=cs-nl-$$ host_if=csh$$ ns_if=csn$$
host_ip=10.231.$n.1 ns_ip=10.231.$n.2
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  ip netns del "$ns" 2>/dev/null  # takes the veth pair with it
  ip link del "$host_if" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

ip netns add "$ns" || fail "cannot create network namespace $ns"
ip link add "$host_if" type veth peer name "$ns_if" || fail "cannot create a veth pair"
ip link set "$ns_if" netns "$ns"
ip addr add "$host_ip/30" dev "$host_if" && ip link set "$host_if" up
ip -n "$ns" addr add "$ns_ip/30" dev "$ns_if" && ip -n "$ns" link set "$ns_if" up && ip -n "$ns" link set lo up \
  || fail "cannot configure the namespace's addresses"

ip netns exec "$ns" "$refproxy" --listen 127.0.0.1:0 >"$tmp/refproxy.out" 2>&1 &
pids+=($!)
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/refproxy.out" | head -1)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || fail "the reference proxy did not announce its port in the namespace: $(cat "$tmp/refproxy.out")"
ip netns exec "$ns" socat "TCP-LISTEN:3128,bind=$ns_ip,reuseaddr,fork" "TCP:127.0.0.1:$port" 2>"$tmp/socat.err" &
pids+=($!)
for _ in $(seq 100); do
  ip netns exec "$ns" ss -Hltn "sport = :3128" | grep -q "$ns_ip:3128" && break
  sleep 0.05
done
ip netns exec "$ns" ss -Hltn "sport = :3128" | grep -q "$ns_ip:3128" || fail "socat never listened: $(cat "$tmp/socat.err")"

out=$("$cs" run --cases "$cases" --proxy "$ns_ip:3128" --filter target.port-missing 2>&1)
status=$?
[ $status -eq 2 ] || fail "without --allow-non-loopback: exit $status, expected 2: $out"
echo "$out" | grep -q -- "--allow-non-loopback" || fail "the refusal does not name the flag: $out"

out=$("$cs" run --cases "$cases" --proxy "$ns_ip:3128" --allow-non-loopback --filter target.port-missing 2>&1)
status=$?
[ $status -eq 0 ] || fail "with --allow-non-loopback: exit $status, expected 0: $out"
echo "$out" | grep -q "1 passed, 0 failed" || fail "the case did not pass through the namespace: $out"
echo "refused without the flag; with it, target.port-missing passed against $ns_ip:3128 in namespace $ns"
