# The HTML report in a real browser: a run with one failing case writes the report, then headless
# Chromium (Debian's `chromium`, driven over the DevTools protocol by check_html_report.py) checks
# what a person sees and saves screenshots under reports/screenshots/ (kept by CI with reports/).
# Needs add_run_test and debian_python3 from the e2e files included before this one.
set(browser_out ${CMAKE_BINARY_DIR}/browser)
file(MAKE_DIRECTORY ${browser_out})

# The reference proxy with a fault that fails response.no-framing-on-2xx: exit 1, one failure.
add_run_test(browser.report-of-failing-run 1
  COMMAND ${cs} run --cases ${suite} --filter response.* --refproxy-fault content-length-on-2xx
          --html ${browser_out}/report.html --json ${browser_out}/results.json
  OUTPUT "response.no-framing-on-2xx" JSON ${browser_out}/results.json SUMMARY "fail=1|error=0" TIMEOUT 60)
set_tests_properties(browser.report-of-failing-run PROPERTIES FIXTURES_SETUP html-report LABELS browser)

add_test(NAME browser.html-report-in-chromium
  COMMAND ${debian_python3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/browser/check_html_report.py
          --report ${browser_out}/report.html --results ${browser_out}/results.json
          --case response.no-framing-on-2xx --screenshots ${PROJECT_SOURCE_DIR}/reports/screenshots)
set_tests_properties(browser.html-report-in-chromium PROPERTIES
  FIXTURES_REQUIRED html-report TIMEOUT 90 LABELS browser SKIP_RETURN_CODE 77 SKIP_REGULAR_EXPRESSION "^SKIP: "
  PASS_REGULAR_EXPRESSION "browser checks passed")

# The compare page in a real browser: the same cases without the fault (all pass) as the baseline,
# compared with the faulty run above (one regression); check_matrix.py checks what a person sees
# and saves matrix-*.png under reports/screenshots/.
file(MAKE_DIRECTORY ${browser_out}/baseline)
add_run_test(browser.matrix-baseline-run 0
  COMMAND ${cs} run --cases ${suite} --filter response.*
          --html ${browser_out}/baseline/report.html --json ${browser_out}/baseline/results.json
  JSON ${browser_out}/baseline/results.json SUMMARY "fail=0|error=0" TIMEOUT 60)
set_tests_properties(browser.matrix-baseline-run PROPERTIES FIXTURES_SETUP matrix-baseline LABELS browser)
# The baseline first when both run, so the columns read oldest first as compare expects.
set_property(TEST browser.report-of-failing-run APPEND PROPERTY DEPENDS browser.matrix-baseline-run)
add_run_test(browser.matrix-compare 0
  COMMAND ${cs} compare ${browser_out}/baseline/results.json ${browser_out}/results.json --html ${browser_out}/matrix.html
  OUTPUT "1 where they disagree. 1 regression" TIMEOUT 60)
set_tests_properties(browser.matrix-compare PROPERTIES
  FIXTURES_REQUIRED "html-report;matrix-baseline" FIXTURES_SETUP matrix LABELS browser)
add_test(NAME browser.matrix-in-chromium
  COMMAND ${debian_python3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/browser/check_matrix.py --matrix ${browser_out}/matrix.html
          --results ${browser_out}/baseline/results.json ${browser_out}/results.json
          --case response.no-framing-on-2xx --screenshots ${PROJECT_SOURCE_DIR}/reports/screenshots)
set_tests_properties(browser.matrix-in-chromium PROPERTIES
  FIXTURES_REQUIRED matrix TIMEOUT 90 LABELS browser SKIP_RETURN_CODE 77 SKIP_REGULAR_EXPRESSION "^SKIP: "
  PASS_REGULAR_EXPRESSION "browser checks passed")

# The Performance views (`run --bench`): the faulty run's results given a bench, its report
# re-rendered by merge and compared with the baseline; check_bench_views.py checks both pages
# and saves bench-*.png under reports/screenshots/.
add_test(NAME browser.bench-views-in-chromium
  COMMAND ${debian_python3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/browser/check_bench_views.py --connectspec ${cs}
          --baseline ${browser_out}/baseline/results.json --results ${browser_out}/results.json
          --out ${browser_out}/bench --screenshots ${PROJECT_SOURCE_DIR}/reports/screenshots)
set_tests_properties(browser.bench-views-in-chromium PROPERTIES
  FIXTURES_REQUIRED "html-report;matrix-baseline" TIMEOUT 90 LABELS browser SKIP_RETURN_CODE 77
  SKIP_REGULAR_EXPRESSION "^SKIP: " PASS_REGULAR_EXPRESSION "browser checks passed")
