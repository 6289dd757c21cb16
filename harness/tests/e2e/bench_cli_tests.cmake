# connectspec bench as a user relies on it: it measures every part against the reference proxy
# (holding 5 000 tunnels at once, each pinged), directly and through a run (run --bench), writes
# its JSON, and refuses bad input with exit 2 and an unreachable proxy with exit 3.
# Functional checks only: the figures themselves vary with the machine (bench.baselines prints them).
set(check_bench "/usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/check_bench_json.py")

add_test(NAME bench.refproxy-holds-5000
  COMMAND sh -c "\"$0\" bench --budget-ms 300 --warmup-ms 100 --hold 5000 --json \"$1\" && $2 \"$1\" --setup --throughput 4 --hold-alive 5000"
          ${cs} ${out}/bench-refproxy.json "${check_bench}")
set_tests_properties(bench.refproxy-holds-5000 PROPERTIES
  TIMEOUT 120 LABELS "e2e;bench" RESOURCE_LOCK real-proxies PASS_REGULAR_EXPRESSION "bench JSON ok")

add_test(NAME bench.direct-throughput
  COMMAND sh -c "\"$0\" bench --direct --only throughput --tunnels 4 --budget-ms 300 --warmup-ms 100 --json \"$1\" && $2 \"$1\" --no-setup --throughput 4"
          ${cs} ${out}/bench-direct.json "${check_bench}")
set_tests_properties(bench.direct-throughput PROPERTIES
  TIMEOUT 60 LABELS "e2e;bench" RESOURCE_LOCK real-proxies PASS_REGULAR_EXPRESSION "bench JSON ok")

# run --bench: the bench after the cases, in the results JSON (and so in the HTML report and compare).
add_test(NAME cli.run-bench-writes-performance
  COMMAND sh -c "\"$0\" run --cases \"$1\" --filter 'tunnel.*' --bench --json \"$2\" --html \"$3\" && $4 \"$2\" --setup --throughput 4 --hold-alive 5000 && grep -q 'Performance' \"$3\""
          ${cs} ${suite} ${out}/run-bench.json ${out}/run-bench.html "${check_bench}")
set_tests_properties(cli.run-bench-writes-performance PROPERTIES
  TIMEOUT 120 LABELS "e2e;bench" RESOURCE_LOCK real-proxies PASS_REGULAR_EXPRESSION "bench JSON ok")

add_run_test(cli.bench-exit-2-on-relay-without-origin-port 2
  COMMAND ${cs} bench --relay 127.0.0.1:9 OUTPUT "--relay needs --origin-port")
add_run_test(cli.bench-exit-2-on-non-loopback-relay 2
  COMMAND ${cs} bench --relay 192.0.2.1:80 --origin-port 20000 OUTPUT "--relay 192.0.2.1:80: connectspec only sends traffic to loopback")
add_run_test(cli.bench-exit-2-on-direct-and-proxy 2
  COMMAND ${cs} bench --direct --proxy 127.0.0.1:3128 OUTPUT "excludes")

# Over HTTP/2 (--protocol h2c, and h2 over TLS with the run's certificate): setup on several
# connections, throughput through streams of one connection, hold up to the reference proxy's
# SETTINGS_MAX_CONCURRENT_STREAMS (128), every held tunnel pinged.
foreach(protocol h2c h2)
  set(name bench.refproxy-${protocol})
  if(protocol STREQUAL "h2")
    set(name bench.refproxy-h2-tls)
  endif()
  add_test(NAME ${name}
    COMMAND sh -c "\"$0\" bench --protocol $1 --budget-ms 300 --warmup-ms 100 --hold 200 --json \"$2\" && $3 \"$2\" --protocol $1 --setup --throughput 4 --hold-alive 128 --hold-limit 128"
            ${cs} ${protocol} ${out}/bench-refproxy-${protocol}.json "${check_bench}")
  set_tests_properties(${name} PROPERTIES
    TIMEOUT 60 LABELS "e2e;bench" RESOURCE_LOCK real-proxies PASS_REGULAR_EXPRESSION "bench JSON ok")
endforeach()

# The same proxy benched in HTTP/1.1 and in h2c compares as two columns, named by protocol.
add_test(NAME cli.compare-bench-h1-and-h2c
  COMMAND sh -c "\"$0\" bench --protocol h1 --only setup --budget-ms 200 --warmup-ms 50 --json \"$1\" >/dev/null && \"$0\" bench --protocol h2c --only setup --budget-ms 200 --warmup-ms 50 --json \"$2\" >/dev/null && \"$0\" compare \"$1\" \"$2\""
          ${cs} ${out}/bench-compare-h1.json ${out}/bench-compare-h2c.json)
set_tests_properties(cli.compare-bench-h1-and-h2c PROPERTIES
  TIMEOUT 60 LABELS "e2e;bench" RESOURCE_LOCK real-proxies
  PASS_REGULAR_EXPRESSION "\\[1\\]  connectspec-refproxy [^ ]+  .*\\[2\\]  connectspec-refproxy [^ ]+ \\(h2c\\).*CONNECT setup +[0-9.,]+/s +[0-9.,]+/s")

add_run_test(cli.bench-exit-2-on-unknown-protocol 2
  COMMAND ${cs} bench --protocol spdy OUTPUT "--protocol: spdy not in")
add_run_test(cli.bench-exit-2-on-protocol-the-profile-does-not-speak 2
  COMMAND ${cs} bench --profile apache-httpd --protocol h2c
  OUTPUT "--protocol h2c: profile apache-httpd does not speak h2c \\(its protocols: http/1.1\\)")
add_run_test(cli.bench-exit-2-on-direct-and-protocol 2
  COMMAND ${cs} bench --direct --protocol h2c OUTPUT "--protocol excludes --direct")
add_run_test(cli.bench-exit-2-on-unknown-measurement 2
  COMMAND ${cs} bench --only speed OUTPUT "--only")
add_run_test(cli.bench-exit-2-on-hold-over-file-limit 2
  COMMAND sh -c "ulimit -n 1024 && exec \"$0\" bench --hold 2000" ${cs} OUTPUT "--hold 2000: this process may open only 1024 files")
add_run_test(cli.bench-exit-3-on-unreachable-proxy 3
  COMMAND ${cs} bench --proxy 127.0.0.1:1 OUTPUT "nothing is listening on 127.0.0.1:1")

# Bench files compare side by side as columns of figures (no cases).
add_test(NAME cli.compare-bench-files
  COMMAND sh -c "\"$0\" bench --direct --only throughput --tunnels 2 --budget-ms 200 --warmup-ms 50 --json \"$1\" >/dev/null && \"$0\" compare \"$1\" \"$1\""
          ${cs} ${out}/bench-compare.json)
set_tests_properties(cli.compare-bench-files PROPERTIES
  TIMEOUT 60 LABELS "e2e;bench" PASS_REGULAR_EXPRESSION "upload, 2 tunnels +[0-9.,]+ [GMk]?B/s +[0-9.,]+ [GMk]?B/s")
