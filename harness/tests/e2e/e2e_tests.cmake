# End-to-end tests: the real program against the real reference proxy, its mutants, and bad input.
set(cs $<TARGET_FILE:connectspec>)
set(suite ${PROJECT_SOURCE_DIR}/cases)
set(expect ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/expect_run.cmake)
set(out ${CMAKE_BINARY_DIR}/e2e)
file(MAKE_DIRECTORY ${out})

function(add_run_test name exit)
  cmake_parse_arguments(T "" "OUTPUT;JSON;SUMMARY;JUNIT;TIMEOUT" "COMMAND" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  # The command travels as one "|"-separated argument; expect_run.cmake splits it again.
  list(JOIN T_COMMAND "|" command)
  set(args "-DCOMMAND=${command}" -DEXPECT_EXIT=${exit} -DRUN_TIMEOUT=${T_TIMEOUT})
  if(T_OUTPUT)
    list(APPEND args -DEXPECT_OUTPUT=${T_OUTPUT})
  endif()
  if(T_JSON)
    string(REPLACE ";" "|" summary "${T_SUMMARY}")
    list(APPEND args -DJSON_FILE=${T_JSON} "-DEXPECT_SUMMARY=${summary}")
  endif()
  if(T_JUNIT)
    list(APPEND args -DEXPECT_JUNIT=${T_JUNIT})
  endif()
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${args} -P ${expect})
  math(EXPR ctest_timeout "${T_TIMEOUT} + 30")
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ctest_timeout} LABELS e2e)
endfunction()

# The whole suite against the reference proxy: everything passes, reports are written.
# A run speaks one protocol: the HTTP/1.1 cases, then the HTTP/2 ones (cases/h2) over h2c.
file(GLOB case_files CONFIGURE_DEPENDS ${suite}/*/*.toml)  # not cases/requirements.toml, the catalogue
file(GLOB h2_case_files CONFIGURE_DEPENDS ${suite}/h2/*.toml)
file(GLOB client_case_files CONFIGURE_DEPENDS ${suite}/client/*.toml)  # connectspec client's, not run's
list(LENGTH case_files all_case_count)
list(LENGTH h2_case_files h2_case_count)
list(LENGTH client_case_files client_case_count)
math(EXPR case_count "${all_case_count} - ${h2_case_count} - ${client_case_count}")
# The cases tagged offline make the proxy look a name up: a run takes them only where its only
# network is loopback (docs/case-format.md), so the suite's run has them or not, by the machine;
# the offline.* tests run them under scripts/offline-run.
set(offline_case_count 0)
foreach(case_file IN LISTS case_files)
  file(STRINGS ${case_file} offline_tag REGEX "^tags = \\[.*\"offline\"")
  if(offline_tag)
    math(EXPR offline_case_count "${offline_case_count} + 1")
  endif()
endforeach()
math(EXPR online_case_count "${case_count} - ${offline_case_count}")
add_run_test(suite.refproxy 0
  COMMAND ${cs} run --cases ${suite} --jobs 8 --junit ${out}/junit.xml --json ${out}/results.json
  OUTPUT "[0-9]+ passed, 0 failed"
  JSON ${out}/results.json SUMMARY "total=${online_case_count}/${case_count};fail=0;error=0;skip=0"
  JUNIT ${out}/junit.xml)
add_run_test(suite.refproxy-h2c 0
  COMMAND ${cs} run --cases ${suite} --protocol h2c --jobs 8 --junit ${out}/junit-h2c.xml --json ${out}/results-h2c.json
  OUTPUT "[0-9]+ passed, 0 failed"
  JSON ${out}/results-h2c.json SUMMARY "total=${h2_case_count};fail=0;error=0;skip=0"
  JUNIT ${out}/junit-h2c.xml)
# The same cases over TLS: the profile's tls section gives it --tls-cert/--tls-key, ALPN h2.
add_run_test(suite.refproxy-h2 0
  COMMAND ${cs} run --cases ${suite} --protocol h2 --jobs 8 --junit ${out}/junit-h2.xml --json ${out}/results-h2.json
  OUTPUT "[0-9]+ passed, 0 failed"
  JSON ${out}/results-h2.json SUMMARY "total=${h2_case_count};fail=0;error=0;skip=0"
  JUNIT ${out}/junit-h2.xml)

# Every case can fail: each fault of the reference proxy against the cases fixtures/refproxy/mutants.toml
# lists for it. Every case must be listed for some fault, and every listed kill must happen (the
# reference passing every case is suite.refproxy). The full cases x mutants matrix (`mutants --matrix`,
# every case against every fault) adds only which other cases each fault also kills, at thirty times the CPU (10 min of a core
# against 20 s): it is run on demand, not here (README, "Every case can fail").
add_run_test(mutants.listed-kills 0
  COMMAND ${cs} mutants --cases ${suite}
  OUTPUT "[0-9]+ passed, 0 failed" TIMEOUT 900)
# Mostly waiting (the slow cases of their faults): started early, it overlaps the rest.
set_tests_properties(mutants.listed-kills PROPERTIES COST 3000)
# The matrix itself, on three cases (links to cases/) and three faults: each case killed by its
# own fault (whether crash-on-tunnel also kills the 2xx case depends on when the crash shows);
# the slow case runs against the reference and its fault only, blank elsewhere.
add_run_test(cli.kill-matrix 0
  COMMAND ${cs} mutants --matrix --cases ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/matrix-suite
          --mutant-catalogue ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/mutants/matrix.toml --matrix-json ${out}/kill-matrix.json
  OUTPUT "response\\.no-framing-on-2xx +P X[.X][.X].tunnel\\.banner-first +P [.X]X[.X].tunnel\\.idle-then-relay-long +P   i.*3 cases x 3 mutants; 3 passed, 0 failed")
# The offline cases where they run: under scripts/offline-run (a network namespace whose only
# network is loopback, with a resolver on 127.0.0.1 that answers NXDOMAIN). It needs root or
# CAP_SYS_ADMIN; without them it says so and these tests are skipped.
set(offline_run ${PROJECT_SOURCE_DIR}/scripts/offline-run)
set(offline_skip "offline-run: cannot make the sandbox")
add_run_test(offline.suite 0
  COMMAND ${offline_run} ${cs} run --cases ${suite} --tag offline --json ${out}/results-offline.json
  OUTPUT "[0-9]+ passed, 0 failed"
  JSON ${out}/results-offline.json SUMMARY "total=${offline_case_count};fail=0;error=0;skip=0")
set_tests_properties(offline.suite PROPERTIES SKIP_REGULAR_EXPRESSION "${offline_skip}")
# The faults that kill them: the kill matrix leaves the offline cases out unless it runs offline.
foreach(fault dns-error-as-200 zone-id-crash deny-loopback-by-text deny-loopback-names-unjudged)
  add_run_test(offline.mutant-${fault} 0
    COMMAND ${offline_run} ${cs} mutants --cases ${suite} --only ${fault} OUTPUT "killed +${fault} .* 0 failed")
  set_tests_properties(offline.mutant-${fault} PROPERTIES SKIP_REGULAR_EXPRESSION "${offline_skip}")
endforeach()
add_run_test(mutant.every-case-has-one 0 COMMAND ${cs} mutants --cases ${suite} --coverage-only OUTPUT " passed, 0 failed")
# A listed kill that does not happen fails `mutants`, named with its fault and case, whichever
# protocol's child run it was in.
add_run_test(cli.mutants-survivor-is-reported 1
  COMMAND ${cs} mutants --cases ${suite} --only content-length-on-2xx
          --mutant-catalogue ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/mutants/survivor.toml
  OUTPUT "killed +content-length-on-2xx +response.no-framing-on-2xx.*SURVIVED +content-length-on-2xx +tunnel.echo-1mib.*SURVIVED +content-length-on-2xx +h2.relay-any-framing.*1 passed, 2 failed")

# --quick leaves out the listed kills of cases that wait out a timer, and names them: here the only
# kill of no-connect-timeout, whose case would hold the run 75 s (more than the test's timeout).
add_run_test(cli.mutants-quick-leaves-out-timer-kills 0
  COMMAND ${cs} mutants --cases ${suite} --only no-connect-timeout --quick
  OUTPUT "--quick: 1 listed kill of cases that wait out the proxy's timers not run: no-connect-timeout errors.unreachable-origin.*0 passed, 0 failed"
  TIMEOUT 40)
# A byte that differs fails the check at once: the fault drops the NULs, and the case would
# otherwise wait its 40 s for the 4 MiB that never all come back (more than the test's timeout).
add_run_test(cli.corrupted-echo-fails-at-the-difference 1
  COMMAND ${cs} run --cases ${suite} --filter tunnel.echo-4mib-http-lines --refproxy-fault nul-truncation
  OUTPUT "FAIL +tunnel.echo-4mib-http-lines .*bytes differ at offset [0-9]+"
  TIMEOUT 25)

# Traceability: at least 90 % of the black-box testable requirements of groups A-H have cases.
add_run_test(cli.coverage 0 COMMAND ${cs} coverage --cases ${suite} --min 90 --json ${out}/coverage.json
  OUTPUT "Groups A-H: [0-9]+ of [0-9]+ black-box testable requirements have cases")

# A mutant run through `run` itself: a MUST failure exits 1 and says which case and why.
add_run_test(cli.exit-1-on-must-failure 1
  COMMAND ${cs} run --cases ${suite} --filter response.no-framing-on-2xx --refproxy-fault content-length-on-2xx
          --json ${out}/mutant.json
  OUTPUT "response.no-framing-on-2xx.*Content-Length: 0"
  JSON ${out}/mutant.json SUMMARY "fail=1")

# A precondition not met blames nothing: with the tunnel refused (the fault refuses the RFC 9113
# §8.5 CONNECT), the case that tests the opening fails and the relay case is not reached (skip,
# with the precondition's observation); the run exits 1 for the first only.
add_run_test(cli.precondition-not-met-is-not-reached 1
  COMMAND ${cs} run --cases ${suite} --protocol h2c --filter h2.two-pseudo-headers --filter h2.relay-any-framing
          --refproxy-fault h2-require-scheme-path --json ${out}/precondition.json
  OUTPUT "skip +h2.relay-any-framing +not reached: expect_status: precondition not met: expected status 2xx"
  JSON ${out}/precondition.json SUMMARY "fail=1|skip=1|pass=0")

# A failed case's proxy log is the window of the logs written while it ran, not the run's tail.
add_test(NAME report.proxy-log-is-the-case-window
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/check_log_window.py ${cs} ${suite} ${out})
set_tests_properties(report.proxy-log-is-the-case-window PROPERTIES TIMEOUT 120 LABELS e2e PASS_REGULAR_EXPRESSION "log window ok")

# The installed tool finds its suite and profiles beside it, from any directory; a lone copy says so.
# A proxy that answers a request before reading it and resets the connection mid-write is judged
# by its answer, not by the cut write (robustness.long-header-line once failed so against ncat).
add_test(NAME cli.early-answer-judged-not-the-cut-write
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/early_answer_check.py ${cs}
          ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/early-answer ${out}/early-answer.json)
set_tests_properties(cli.early-answer-judged-not-the-cut-write PROPERTIES TIMEOUT 90 LABELS e2e)
# A profile with private_network = true: the proxy runs in connectspec's own network namespace,
# where a dial to a target that drops SYNs ends after 7 s (launch/private_network.hpp).
add_test(NAME cli.private-network-bounds-the-dial
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/private_network_check.py ${cs}
          ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/profiles/private-network ${out}/private-network)
set_tests_properties(cli.private-network-bounds-the-dial PROPERTIES TIMEOUT 90 LABELS e2e
  SKIP_RETURN_CODE 77 PASS_REGULAR_EXPRESSION "private network ok")
add_test(NAME cli.installed-tool
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/installed_tool.sh ${CMAKE_BINARY_DIR} ${cs} ${out}/install)
set_tests_properties(cli.installed-tool PROPERTIES TIMEOUT 120 LABELS e2e PASS_REGULAR_EXPRESSION "installed tool ok")

# Exit code contracts and error messages.
add_run_test(cli.exit-2-on-bad-case-file 2
  COMMAND ${cs} validate ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/bad-suite
  OUTPUT "typo.toml:4:1: unknown key 'titel'.*two-actions.toml:[0-9]+:1: step 1: has 2 actions")
# One's own cases outside cases/: directly in the folder or in topic folders, citing the built-in
# catalogue plus the folder's requirements.toml; a case outside both, or nested deeper, is named.
set(own_suite ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/own-suite)
add_run_test(cli.own-suite-validates 0 COMMAND ${cs} validate ${own_suite} OUTPUT "own-suite: 2 case files, no problems")
add_run_test(cli.own-suite-runs 0 COMMAND ${cs} run --cases ${own_suite} --json ${out}/own-suite.json
  JSON ${out}/own-suite.json SUMMARY "pass=1|info=1|fail=0")
add_run_test(cli.own-suite-mutant-fails 1 COMMAND ${cs} run --cases ${own_suite} --refproxy-fault missing-port-accepted
  OUTPUT "FAIL +mine.port-missing")
add_run_test(cli.own-suite-coverage 0 COMMAND ${cs} coverage --cases ${own_suite}
  OUTPUT "R9110-9.3.6-b +MUST +mine.port-missing.*X-mine-banner-prompt +INFO +mine.banner-prompt")
add_run_test(cli.own-suite-catalogue-flag 0
  COMMAND ${cs} validate ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/needs-catalogue
          --catalogue ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/catalogues/extra.toml
  OUTPUT "needs-catalogue: 1 case file, no problems")
add_run_test(cli.exit-2-without-its-catalogue 2 COMMAND ${cs} validate ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/needs-catalogue
  OUTPUT "flat.toml:4:16: 'X-mine-elsewhere' is not in the requirement catalogue")
add_run_test(cli.exit-2-on-bad-own-suite 2 COMMAND ${cs} validate ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/bad-own-suite
  OUTPUT "deep/er/port-missing.toml:1:1: case files live directly in [^\n]*bad-own-suite/ or one folder deep[^\n]*move it to [^\n]*bad-own-suite/deep/.*uncatalogued.toml:4:16: 'X-nowhere' is not in the requirement catalogue \\([^)]*cases/requirements.toml\\)")
add_run_test(cli.exit-2-on-bad-flag 2 COMMAND ${cs} run --jobs 0 OUTPUT "--jobs")
add_run_test(cli.exit-2-on-unknown-level 2 COMMAND ${cs} run --cases ${suite} --level SHOUD OUTPUT "--level SHOUD")
add_run_test(cli.exit-2-on-empty-selection 2 COMMAND ${cs} run --cases ${suite} --filter no.such.case OUTPUT "no case")
add_run_test(cli.exit-2-on-non-loopback-proxy 2 COMMAND ${cs} run --cases ${suite} --proxy 192.0.2.1:3128
  OUTPUT "only sends traffic to loopback.*--allow-non-loopback")
# Off loopback only by an explicit flag, and even then never to a name that would be resolved.
add_run_test(cli.exit-2-on-name-with-allow-non-loopback 2
  COMMAND ${cs} run --cases ${suite} --allow-non-loopback --proxy proxy.example:3128 OUTPUT "must be an IP address")
add_test(NAME cli.allow-non-loopback-reaches-a-namespace
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/non_loopback_netns.sh ${cs} $<TARGET_FILE:connectspec-refproxy> ${suite})
set_tests_properties(cli.allow-non-loopback-reaches-a-namespace PROPERTIES TIMEOUT 60 LABELS e2e
  PASS_REGULAR_EXPRESSION "refused without the flag; with it, target.port-missing passed")
add_run_test(cli.exit-2-on-tiny-max-response-bytes 2
  COMMAND ${cs} run --cases ${suite} --max-response-bytes 1KiB OUTPUT "--max-response-bytes")
# Nothing listening: said at once, and the reports a CI job asked for still appear (not started).
add_run_test(cli.exit-3-on-unreachable-proxy 3
  COMMAND ${cs} run --cases ${suite} --proxy 127.0.0.1:1 --json ${out}/not-started.json --junit ${out}/not-started.xml
  OUTPUT "nothing is listening on 127.0.0.1:1 \\(connection refused\\)"
  JSON ${out}/not-started.json SUMMARY "error=${online_case_count}/${case_count};pass=0" JUNIT ${out}/not-started.xml TIMEOUT 30)
add_run_test(cli.exit-3-on-missing-proxy-binary 3
  COMMAND ${cs} run --cases ${suite} --refproxy /nonexistent/connectspec-refproxy OUTPUT "could not start")
add_run_test(cli.list 0 COMMAND ${cs} list --cases ${suite} --tag port OUTPUT "target.port-wrap +MUST")

# A proxy that dies during a case fails that case, is restarted, and the next cases still run:
# the rejection cases (no tunnel, so no crash) must pass after the crashes.
add_run_test(cli.proxy-crash-fails-case-and-restarts 1
  COMMAND ${cs} run --cases ${suite} --jobs 1 --filter tunnel.banner-first --filter version.http10-error-closes
          --filter tunnel.echo-1mib --refproxy-fault crash-on-tunnel --json ${out}/crash.json
  OUTPUT "died during the case \\(exited with status 70\\)"
  JSON ${out}/crash.json SUMMARY "fail=2|pass=1")

# In parallel, a crash fails every case beside it: those are run again alone, and only the cases
# that crash the proxy alone are blamed (the second of them on the instance restarted for it, once).
add_run_test(cli.proxy-crash-in-parallel-blames-only-its-case 1
  COMMAND ${cs} run --cases ${suite} --jobs 3 --filter tunnel.banner-first --filter version.http10-error-closes
          --filter tunnel.echo-1mib --refproxy-fault crash-on-tunnel --json ${out}/crash-parallel.json
  OUTPUT "run alone on a freshly started proxy, after the proxy died while cases ran in parallel"
  JSON ${out}/crash-parallel.json SUMMARY "fail=2|pass=1")

# --confirm: a failure that does not repeat (fault first-connect-503: the first valid CONNECT the
# proxy receives gets a 503, later ones are served) is run again alone, passes, and is marked unstable
# rather than counted as a failure (exit 0); with --confirm 0 the first verdict stands (exit 1).
add_run_test(cli.confirm-marks-unstable 0
  COMMAND ${cs} run --cases ${suite} --jobs 1 --filter tunnel.banner-first --refproxy-fault first-connect-503
          --json ${out}/unstable.json
  OUTPUT "pass +tunnel.banner-first +UNSTABLE fail then pass"
  JSON ${out}/unstable.json SUMMARY "pass=1|fail=0")
add_run_test(cli.confirm-0-keeps-the-first-verdict 1
  COMMAND ${cs} run --cases ${suite} --jobs 1 --filter tunnel.banner-first --refproxy-fault first-connect-503 --confirm 0
  OUTPUT "tunnel.banner-first[^\n]*observed HTTP/1.1 503")

# No proxy outlives a run: not when the console is a pipe closed early (SIGPIPE), and not when
# the harness is killed outright (SIGKILL; the proxy has a parent-death signal).
add_test(NAME cli.no-proxy-survives-closed-stdout-or-kill
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/no_orphan_proxy.sh ${cs} ${suite})
set_tests_properties(cli.no-proxy-survives-closed-stdout-or-kill PROPERTIES TIMEOUT 60 LABELS e2e)

# Interrupted runs: one SIGINT or SIGTERM stops the proxy and still writes complete reports (the
# finished cases judged, the rest not run); a second SIGINT leaves at once, without reports.
foreach(mode SIGINT SIGTERM SIGINT-TWICE)
  string(TOLOWER ${mode} lower)
  set(slow_stop "")
  if(mode STREQUAL "SIGINT-TWICE")
    set(slow_stop ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/profiles/slow-stop)
  endif()
  add_test(NAME cli.interrupted-by-${lower}
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/check_interrupted_run.py ${cs} ${suite} ${online_case_count}/${case_count}
            ${out}/interrupted-${lower} ${mode} ${slow_stop})
  set_tests_properties(cli.interrupted-by-${lower} PROPERTIES TIMEOUT 180 LABELS e2e PASS_REGULAR_EXPRESSION "no proxy left")
endforeach()

# Profiles (fixtures/proxies/<name>/profile.toml, docs/profile-format.md): a bad or unknown profile
# is a usage error (2), a proxy that cannot start is exit 3 with its own words, a missing
# capability skips the cases that need it, and --expect turns verdict drift into exit 1.
set(profiles ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/profiles)
set(expected ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/expected)
add_run_test(cli.exit-2-on-bad-profile 2
  COMMAND ${cs} run --cases ${suite} --profile ${profiles}/bad-key
  OUTPUT "bad-key/profile.toml:7:1: \\[launch\\]: unknown key 'comand'; did you mean 'command'\\?.*the profile has 1 problem[^s]")
add_run_test(cli.exit-2-on-unknown-profile 2
  COMMAND ${cs} run --cases ${suite} --profile no-such-profile
  OUTPUT "no profile named 'no-such-profile' in [^\n]*\\(profiles:[^\n]* refproxy[ )]")
add_run_test(cli.exit-3-on-missing-proxy-program 3
  COMMAND ${cs} run --cases ${suite} --filter tunnel.echo-1mib --profile ${profiles}/missing-program
  OUTPUT "'connectspec-no-such-proxy-program' is not installed")
add_run_test(cli.exit-3-on-proxy-that-exits 3
  COMMAND ${cs} run --cases ${suite} --filter tunnel.echo-1mib --profile ${profiles}/proxy-exits
  OUTPUT "exited with status 1.*config rejected: bad line 3")
add_run_test(cli.skip-without-capability 0
  COMMAND ${cs} run --cases ${suite} --filter auth.no-credentials --filter auth.wrong-password --filter auth.right-credentials
          --profile ${profiles}/refproxy-no-caps --json ${out}/no-caps.json
  OUTPUT "needs the capability 'basic-auth', which refproxy-no-caps [^\n]*does not declare"
  JSON ${out}/no-caps.json SUMMARY "total=3|skip=3|pass=0|fail=0|error=0")
add_run_test(cli.expect-matches 0
  COMMAND ${cs} run --cases ${suite} --filter response.no-framing-on-2xx --refproxy-fault content-length-on-2xx
          --expect ${expected}/no-framing-fails.toml
  OUTPUT "verdicts match [^\n]*no-framing-fails.toml \\(1 case, 1 expected not to pass\\)")
add_run_test(cli.expect-detects-drift 1
  COMMAND ${cs} run --cases ${suite} --filter response.no-framing-on-2xx --refproxy-fault content-length-on-2xx
          --expect ${expected}/all-pass.toml
  OUTPUT "NEW FAILURE +response.no-framing-on-2xx: expected pass, got fail")
add_run_test(cli.expect-detects-new-pass 1
  COMMAND ${cs} run --cases ${suite} --filter response.no-framing-on-2xx --expect ${expected}/no-framing-fails.toml
  OUTPUT "NEW PASS +response.no-framing-on-2xx: expected fail \\(the fault adds Content-Length: 0")
add_run_test(cli.exit-2-on-bad-expect-file 2
  COMMAND ${cs} run --cases ${suite} --filter response.no-framing-on-2xx --expect ${expected}/stale-entry.toml
  OUTPUT "stale-entry.toml:3:8: no case 'response.no-such-case' in the suite")
add_run_test(cli.capability-needs-proxy 2 COMMAND ${cs} run --cases ${suite} --capability basic-auth OUTPUT "--capability")
add_run_test(cli.exit-2-on-unknown-capability 2
  COMMAND ${cs} run --cases ${suite} --proxy 127.0.0.1:1 --capability basic_auth OUTPUT "--capability basic_auth: unknown")
add_run_test(cli.exit-2-on-fault-for-other-profile 2
  COMMAND ${cs} run --cases ${suite} --profile ${profiles}/refproxy-no-caps --refproxy-fault content-length-on-2xx
  OUTPUT "apply to the reference proxy")
# A profile folder given with a trailing slash (tab completion) is still the reference proxy.
add_run_test(cli.profile-path-with-trailing-slash 1
  COMMAND ${cs} run --cases ${suite} --profile ${PROJECT_SOURCE_DIR}/fixtures/proxies/refproxy/
          --filter response.no-framing-on-2xx --refproxy-fault content-length-on-2xx --json ${out}/trailing-slash.json
  OUTPUT "FAIL +response.no-framing-on-2xx"
  JSON ${out}/trailing-slash.json SUMMARY "fail=1")

# docs/verdicts.md lists every MUST check and the sentence behind it, generated from the cases:
# a case whose grading changed without the document fails here (scripts/verdicts-doc rewrites it).
add_test(NAME docs.verdicts-up-to-date COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/verdicts-doc --check)
set_tests_properties(docs.verdicts-up-to-date PROPERTIES LABELS docs PASS_REGULAR_EXPRESSION "matches the cases")

# Every include of the library points down the layers of docs/architecture.md (whose table the
# script reads), so the page stays true and no folder starts depending on one above it.
add_test(NAME docs.layers-point-down COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/check-layers)
set_tests_properties(docs.layers-point-down PROPERTIES LABELS docs PASS_REGULAR_EXPRESSION "points down its")

# Usage that teaches: a misspelt subcommand is named with the one meant; --level takes any case;
# `run --help` shows every default.
add_run_test(cli.unknown-subcommand-suggests 2 COMMAND ${cs} runn OUTPUT "unknown subcommand 'runn'; did you mean 'run'\\?")
add_run_test(cli.unknown-subcommand-without-suggestion 2 COMMAND ${cs} xyz OUTPUT "unknown subcommand 'xyz' \\(connectspec --help")
add_run_test(cli.level-in-any-case 0 COMMAND ${cs} list --cases ${suite} --level must --level Should OUTPUT "[0-9]+ cases\n$")
add_run_test(cli.bad-level-named 2 COMMAND ${cs} list --cases ${suite} --level mustt OUTPUT "--level mustt: must be MUST, SHOULD, MAY or INFO")
add_run_test(cli.run-help-shows-defaults 0 COMMAND ${cs} run --help OUTPUT "--jobs[^\n]*=8.*--timeout-scale[^\n]*=1.*--confirm[^\n]*=1")

# A run speaks one protocol (--protocol, default the profile's first `protocols`): one the profile
# does not list, or an unknown one, is bad usage; the console header names the protocol spoken.
add_run_test(cli.exit-2-on-protocol-the-profile-does-not-speak 2
  COMMAND ${cs} run --cases ${suite} --profile apache-httpd --protocol h2c
  OUTPUT "profile apache-httpd does not speak h2c \\(its protocols: http/1.1\\)")
add_run_test(cli.exit-2-on-unknown-refproxy-fault 2 COMMAND ${cs} run --cases ${suite} --refproxy-fault nosuch
  OUTPUT "--refproxy-fault nosuch: not a fault of the reference proxy; its faults: missing-port-accepted, ")
add_run_test(cli.exit-2-on-unknown-protocol 2 COMMAND ${cs} run --cases ${suite} --protocol spdy OUTPUT "--protocol: spdy not in")
add_run_test(cli.run-names-its-protocol 0
  COMMAND ${cs} run --cases ${suite} --filter tunnel.echo-1mib OUTPUT "against connectspec-refproxy [^\n]* over http/1.1")
add_run_test(cli.exit-2-on-attached-proxy-over-h2 2
  COMMAND ${cs} run --cases ${suite} --proxy 127.0.0.1:9 --protocol h2 OUTPUT "--proxy with --protocol h2: connectspec trusts only")

# The client suite (cases/client/, `connectspec client`): the reference client passes it; each fault
# of the reference client kills what fixtures/refclient/mutants.toml says; a bad --command is bad usage.
add_run_test(client.refclient-passes 0 COMMAND ${cs} client --cases ${suite} OUTPUT " passed, 0 failed")
add_run_test(client.refclient-fault-fails 1 COMMAND ${cs} client --cases ${suite} --refclient-fault non-2xx-tunnels
             OUTPUT "3 failed")
add_run_test(client.unknown-placeholder 2 COMMAND ${cs} client --cases ${suite} --command "curl {proxyy} {url}"
             OUTPUT "unknown placeholder {proxyy}")
# A --command client with its --two-users-command runs the two-user case (here: the reference client
# given as a command line); without one, the case is skipped, saying why.
set(refclient $<TARGET_FILE:connectspec-refclient>)
add_run_test(client.two-users-command 0
  COMMAND ${cs} client --cases ${suite} --filter client.credentials-not-reused-across-users --capability basic-auth
          --command "${refclient} --proxy {proxy} --cacert {cafile} {url}"
          --two-users-command "${refclient} --proxy {proxy} --then-proxy {proxy2} --cacert {cafile} {url}"
  OUTPUT "origin 'web' as the case describes it, observed 2 connections")
add_run_test(client.two-users-skipped-without-command 0
  COMMAND ${cs} client --cases ${suite} --filter client.credentials-not-reused-across-users --capability basic-auth
          --command "${refclient} --proxy {proxy} --cacert {cafile} {url}"
  OUTPUT "skip +client.credentials-not-reused-across-users[^\n]*two-users")
add_test(NAME client.mutants COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/check-client-mutants $<TARGET_FILE:connectspec>
         ${suite} ${PROJECT_SOURCE_DIR}/fixtures/refclient/mutants.toml)
set_tests_properties(client.mutants PROPERTIES TIMEOUT 600 LABELS e2e COST 60)
