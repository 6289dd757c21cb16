# The whole suite against each mode of the hostile proxy (fixtures/hostile): the harness must not
# hang, lose a report, leave a process or a descriptor behind, or crash, whatever the proxy does.
# check_hostile_run.py holds each mode's expectations (wall-time bound, exit code, what the reasons
# must say) and kills a run that overstays its bound, so a hang fails the test before ctest's timeout.
# Uses ${cs}, ${suite} and ${out} from e2e_tests.cmake.
set(hostile_check ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/check_hostile_run.py)
set(hostile_profiles ${PROJECT_SOURCE_DIR}/fixtures/hostile/profiles)
set(hostile_out ${out}/hostile)
# Short case deadlines (timeouts x 0.2) and many cases at once: every mode makes most cases wait
# for their deadline, and the runs must stay short (all modes together well under 3 minutes).
set(hostile_args --connectspec ${cs} --cases ${suite} --profiles ${hostile_profiles} --out ${hostile_out}
                 --jobs 16 --timeout-scale 0.2)
set(hostile_modes silent endless-headers drip garbage status-then-nothing ok-then-reset huge-4xx-body
                  close-mid-head crash-on-first-request crash-mid-tunnel keep-open one-at-a-time long-header-value)
foreach(mode IN LISTS hostile_modes)
  add_test(NAME hostile.${mode} COMMAND /usr/bin/python3 ${hostile_check} ${hostile_args} --mode ${mode})
  set_tests_properties(hostile.${mode} PROPERTIES TIMEOUT 180 LABELS "e2e;hostile"
    PASS_REGULAR_EXPRESSION "hostile run ok")
endforeach()

# The checks can fail: a proxy that leaves a child outside its process group (--leak-child), and
# an exit code the run does not have, must each be rejected.
add_test(NAME hostile.self-test-leaked-child-is-caught
  COMMAND /usr/bin/python3 ${hostile_check} ${hostile_args} --mode silent --profile hostile-leak-child
          --filter tunnel.echo-1mib --must-fail "process\\(es\\) of this run outlived it: pid [0-9]+: [^;]*--leak-child")
add_test(NAME hostile.self-test-wrong-exit-is-caught
  COMMAND /usr/bin/python3 ${hostile_check} ${hostile_args} --mode garbage --filter tunnel.echo-1mib
          --expect-exit 0 --must-fail "exit code 1, expected 0")
set_tests_properties(hostile.self-test-leaked-child-is-caught hostile.self-test-wrong-exit-is-caught PROPERTIES
  TIMEOUT 120 LABELS "e2e;hostile" PASS_REGULAR_EXPRESSION "rejected, as this self-test demands")

# --max-response-bytes: an endless 4xx body is cut off at the limit, and the verdict says so.
add_run_test(cli.max-response-bytes-cuts-off 1
  COMMAND ${cs} run --cases ${suite} --profile ${hostile_profiles}/hostile-huge-4xx-body --max-response-bytes 1MiB
          --filter errors.banner-refused-before-dial --json ${out}/cut-off.json
  OUTPUT "incomplete after [0-9]+ ms \\(1048[0-9]+ bytes so far\\); the proxy sent more than 1048576 bytes on the client connection; connectspec stopped reading it there"
  JSON ${out}/cut-off.json SUMMARY "fail=1")

# A 48 KiB header value is the proxy's failure: std::regex would overflow the harness's stack on it.
# A challenge that parses is SHOULD-level text (RFC 9110 §11.4): the check warns, at SHOULD, and the run exits 0.
add_run_test(cli.long-header-value-fails-the-check 0
  COMMAND ${cs} run --cases ${suite} --profile ${hostile_profiles}/hostile-long-header-value --filter auth.challenge-parses
  OUTPUT "WARN +auth.challenge-parses +SHOULD .*Proxy-Authenticate: a value of 49[0-9]+ bytes, longer than any this check matches \\(4096\\)")

# A proxy that does not speak HTTP/2 on the port stops an h2c run before the cases (exit 3), with
# what it answered instead, not a page of failed cases.
add_run_test(cli.exit-3-when-the-proxy-does-not-speak-h2c 3
  COMMAND ${cs} run --cases ${suite} --profile ${hostile_profiles}/hostile-h1-claims-h2c
  OUTPUT "does not speak h2c: it answered the preface with 'HTTP/1.1 400")

# Hostile clients (connectspec client --command ...): one that hangs, crashes, never connects,
# prints megabytes, leaves a child behind or reconnects in a loop gets bounded time, complete small
# reports and no survivor, as a hostile proxy does (check_hostile_client.py holds each mode). The
# self-test proves the survivor check can fail: a child that escaped with setsid is caught.
set(hostile_client_check ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/check_hostile_client.py)
foreach(mode hang crash never-connects megabytes leaves-child reconnects)
  add_test(NAME hostile-client.${mode} COMMAND /usr/bin/python3 ${hostile_client_check} --connectspec ${cs}
           --cases ${suite} --out ${hostile_out}-client --mode ${mode})
  set_tests_properties(hostile-client.${mode} PROPERTIES TIMEOUT 60 LABELS "e2e;hostile" PASS_REGULAR_EXPRESSION "hostile client run ok")
endforeach()
add_test(NAME hostile-client.self-test-escaped-child COMMAND /usr/bin/python3 ${hostile_client_check} --connectspec ${cs}
         --cases ${suite} --out ${hostile_out}-client --mode escaped-child)
set_tests_properties(hostile-client.self-test-escaped-child PROPERTIES TIMEOUT 60 LABELS "e2e;hostile"
  PASS_REGULAR_EXPRESSION "process\\(es\\) of this run outlived it: pid [0-9]+: sleep 60")
