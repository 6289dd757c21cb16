# The unit tests, the suite, some mutants, bad input and an interrupted run, each with the programs
# of a tree built by scripts/build-sanitized (AddressSanitizer + UndefinedBehaviorSanitizer):
#   cmake -B build -DCONNECTSPEC_SANITIZED_DIR=/path/to/that/tree
# Each fails on any sanitizer report of the program or of the proxy it starts (sanitized_run.sh).
set(CONNECTSPEC_SANITIZED_DIR "" CACHE PATH "A tree built by scripts/build-sanitized, whose programs ctest runs")
if(NOT CONNECTSPEC_SANITIZED_DIR)
  return()
endif()
set(san ${CONNECTSPEC_SANITIZED_DIR})
if(CONNECTSPEC_CHECK_TREES_IN_CTEST)
  # CI (scripts/test): ctest makes the tree itself, as a test the sanitize tests require. Most of
  # ctest waits on proxies and timers with the cores idle, so the build runs meanwhile, niced so that
  # the timing-sensitive runs beside it keep the CPU they need.
  add_test(NAME build.sanitized COMMAND nice -n 19 ${PROJECT_SOURCE_DIR}/scripts/build-sanitized ${san})
  set_tests_properties(build.sanitized PROPERTIES TIMEOUT 3600 LABELS "build;sanitize" FIXTURES_SETUP sanitized-tree
                       PROCESSORS 2 COST 10000)
else()
  foreach(program bin/connectspec bin/connectspec-refproxy harness/connectspec_tests fixtures/refproxy/refproxy_tests)
    if(NOT EXISTS ${san}/${program})
      message(FATAL_ERROR "CONNECTSPEC_SANITIZED_DIR: no ${san}/${program}; run scripts/build-sanitized ${san}")
    endif()
  endforeach()
endif()

set(san_cs ${san}/bin/connectspec)  # its {{bin_dir}} is ${san}/bin: it launches the sanitized proxy
set(san_run ${CMAKE_CURRENT_SOURCE_DIR}/tests/sanitize/sanitized_run.sh)
set(san_out ${CMAKE_BINARY_DIR}/sanitize)

# sanitize_test(NAME EXIT OUTPUT_REGEX COMMAND...): the command's reports and logs go to sanitize/NAME.
function(sanitize_test name exit regex)
  add_test(NAME sanitize.${name} COMMAND sh ${san_run} ${san_out}/${name} ${exit} "${regex}" ${ARGN})
  set_tests_properties(sanitize.${name} PROPERTIES TIMEOUT 900 LABELS sanitize)
  if(CONNECTSPEC_CHECK_TREES_IN_CTEST)
    set_tests_properties(sanitize.${name} PROPERTIES FIXTURES_REQUIRED sanitized-tree)
  endif()
endfunction()

sanitize_test(unit-tests 0 "All tests passed" ${san}/harness/connectspec_tests)
sanitize_test(refproxy-unit-tests 0 "All tests passed" ${san}/fixtures/refproxy/refproxy_tests)
sanitize_test(suite 0 "[0-9]+ passed, 0 failed"
  ${san_cs} run --cases ${PROJECT_SOURCE_DIR}/cases --jobs 4 --json ${san_out}/suite/results.json)
# Each listed fault of the reference proxy must still make its cases fail. `mutants` keeps no proxy
# logs, so each proxy's stderr (UBSan's reports) is copied by a wrapper around the sanitized proxy.
# --quick: the kills of the cases that wait out a timer (a 75-s dial, a 25-s idle cut) would hold
# this test, which starts last, that long; the main tree's mutants.listed-kills runs them, and the
# sanitized suite above runs those cases, timers and all.
sanitize_test(mutants 0 " passed, 0 failed" ${san_cs} mutants --quick --cases ${PROJECT_SOURCE_DIR}/cases
  --refproxy ${CMAKE_CURRENT_SOURCE_DIR}/tests/sanitize/proxy_stderr_copy.sh)
set_tests_properties(sanitize.mutants PROPERTIES ENVIRONMENT SANITIZED_PROXY=${san}/bin/connectspec-refproxy
                     PROCESSORS 2 COST 300)
# A proxy that dies mid-case (std::_Exit, no sanitizer exit checks) is restarted and the run goes on.
sanitize_test(crash-on-tunnel 1 "died during the case"
  ${san_cs} run --cases ${PROJECT_SOURCE_DIR}/cases --jobs 1 --filter tunnel.banner-first
  --filter version.http10-error-closes --filter tunnel.echo-1mib --refproxy-fault crash-on-tunnel
  --json ${san_out}/crash-on-tunnel/results.json)
# Bad input: malformed case files are reported (exit 2), by validate and by run.
sanitize_test(bad-case-files 2 "unknown key 'titel'"
  ${san_cs} validate ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/bad-suite)
sanitize_test(run-bad-case-files 2 "unknown key 'titel'"
  ${san_cs} run --cases ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/bad-suite)
# Ctrl-C while a case waits on the proxy: both programs stop cleanly (130 = 128 + SIGINT).
sanitize_test(interrupt 130 "interrupted"
  sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/sanitize/interrupted_run.sh ${san_cs} ${PROJECT_SOURCE_DIR}/cases
  ${san_out}/interrupt/results.json)
