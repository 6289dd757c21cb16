# `connectspec compare`: two runs of the reference proxy, the second with a fault, show the
# regression (and gate on it with --fail-on-regression); unreadable inputs are named and exit 2.
set(compare_out ${out}/compare)
file(MAKE_DIRECTORY ${compare_out})

add_run_test(compare.run-baseline 0
  COMMAND ${cs} run --cases ${suite} --filter response.* --json ${compare_out}/baseline.json
  OUTPUT " passed, 0 failed" JSON ${compare_out}/baseline.json SUMMARY "fail=0;error=0")
add_run_test(compare.run-with-fault 1
  COMMAND ${cs} run --cases ${suite} --filter response.* --refproxy-fault content-length-on-2xx
          --json ${compare_out}/fault.json
  OUTPUT "1 failed" JSON ${compare_out}/fault.json SUMMARY "fail=1")
set_tests_properties(compare.run-baseline compare.run-with-fault PROPERTIES FIXTURES_SETUP compare-runs)
# The faulty run starts after the baseline: compare reads the runs oldest first, and notes on stderr
# an input that started before the one given ahead of it (which cli.compare-regressions-on-stdout-
# without-gate would take for a regression written to stderr).
set_tests_properties(compare.run-with-fault PROPERTIES DEPENDS compare.run-baseline)

# The gate: exit 1, the regression named; every output written.
add_run_test(cli.compare-fails-on-regression 1
  COMMAND ${cs} compare ${compare_out}/baseline.json ${compare_out}/fault.json --fail-on-regression
          --html ${compare_out}/matrix.html --json ${compare_out}/matrix.json --markdown ${compare_out}/matrix.md
  OUTPUT "1 regression: response.no-framing-on-2xx \\(connectspec-refproxy 0.1.0 \\(fault content-length-on-2xx\\)\\)")
# Without the gate compare does not judge: exit 0; the text matrix lists the regression first.
add_run_test(cli.compare-text-shows-regression 0
  COMMAND ${cs} compare ${compare_out}/baseline.json ${compare_out}/fault.json
  OUTPUT "\\* response.no-framing-on-2xx +MUST +ok +FAIL.*1 regression, 0 fixes.*REGRESSION +response.no-framing-on-2xx \\(MUST\\): ok -> FAIL: expect_headers")
# Without the gate, the regressions written with the outputs are part of the answer: stdout, not stderr.
add_run_test(cli.compare-regressions-on-stdout-without-gate 0
  COMMAND sh -c "${cs} compare ${compare_out}/baseline.json ${compare_out}/fault.json --html ${compare_out}/ungated.html 2>${compare_out}/ungated.err && test ! -s ${compare_out}/ungated.err && echo nothing on stderr"
  OUTPUT "compared 2 runs: [0-9]+ cases, 1 where they disagree; 1 regression\n1 regression: response.no-framing-on-2xx .*nothing on stderr")
set_tests_properties(cli.compare-fails-on-regression cli.compare-text-shows-regression cli.compare-regressions-on-stdout-without-gate
  PROPERTIES FIXTURES_REQUIRED compare-runs)

# Every input that cannot be read is named, with line and column for broken JSON; nothing is written.
add_run_test(cli.compare-exit-2-on-unreadable-files 2
  COMMAND ${cs} compare ${compare_out}/no-such-run.json ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/results/broken.json
          --html ${compare_out}/never.html
  OUTPUT "no-such-run.json: cannot be read.*broken.json:4:1: not valid JSON.*2 of 2 inputs could not be read")
