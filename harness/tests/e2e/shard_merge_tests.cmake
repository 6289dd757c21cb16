# Sharded runs and `merge`, and JUnit read back by a real consumer (junitparser).
# Debian's interpreter, not one earlier on PATH (pyenv and the like): python3-junitparser is
# installed for /usr/bin/python3.
set(debian_python3 /usr/bin/python3)
set(junit_check ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/junit_matches_json.py)

add_test(NAME cli.shard-and-merge
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/shard_and_merge.sh ${cs} ${suite} ${out}/shards ${junit_check})
set_tests_properties(cli.shard-and-merge PROPERTIES TIMEOUT 400 LABELS e2e PASS_REGULAR_EXPRESSION "shards merged: [0-9]+ cases")

# The JUnit and JSON of the whole reference run say the same thing, read by junitparser.
set_tests_properties(suite.refproxy PROPERTIES FIXTURES_SETUP refproxy-reports)
add_test(NAME junit.read-back-by-junitparser COMMAND ${debian_python3} ${junit_check} ${out}/junit.xml ${out}/results.json)
set_tests_properties(junit.read-back-by-junitparser PROPERTIES
  FIXTURES_REQUIRED refproxy-reports TIMEOUT 60 LABELS e2e PASS_REGULAR_EXPRESSION "matches ")

add_run_test(cli.exit-2-on-bad-shard 2 COMMAND ${cs} run --cases ${suite} --shard 3/2 OUTPUT "--shard 3/2: must be K/N")
add_run_test(cli.exit-2-on-empty-shard 2
  COMMAND ${cs} run --cases ${suite} --filter response.no-framing-on-2xx --shard 2/2
  OUTPUT "--shard 2/2: only 1 cases are selected")
add_run_test(cli.merge-exit-2-on-unreadable-file 2 COMMAND ${cs} merge ${out}/no-such-shard.json OUTPUT "no-such-shard.json: cannot be read")
add_run_test(cli.merge-exit-2-on-broken-json 2
  COMMAND ${cs} merge ${CMAKE_CURRENT_SOURCE_DIR}/tests/data/results/broken.json
  OUTPUT "broken.json:4:1: not valid JSON")

# The sharded GitHub Actions workflow in docs/ uses only subcommands and flags the program has.
add_test(NAME docs.sharded-workflow
  COMMAND ${debian_python3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/docs_workflow_check.py ${cs}
          ${PROJECT_SOURCE_DIR}/docs/sharding.md ${PROJECT_SOURCE_DIR}/docs/examples/github-actions-sharded.yml)
set_tests_properties(docs.sharded-workflow PROPERTIES TIMEOUT 60 LABELS e2e PASS_REGULAR_EXPRESSION "commands checked: ok")

# Every real proxy's JUnit says what its JSON says, read by junitparser; and the published
# results (docs/results/) regenerate from those runs with the one script, into the build tree.
foreach(profile_test IN LISTS profile_tests)
  string(REPLACE "profile." "" profile ${profile_test})
  set(reports ${PROJECT_SOURCE_DIR}/reports/${profile})
  add_test(NAME junit.${profile} COMMAND ${debian_python3} ${junit_check} ${reports}/junit.xml ${reports}/results.json)
  set_tests_properties(junit.${profile} PROPERTIES DEPENDS ${profile_test} TIMEOUT 60 LABELS "e2e;profiles"
    PASS_REGULAR_EXPRESSION "matches ")
endforeach()
add_test(NAME docs.publish-results
  COMMAND ${CMAKE_COMMAND} -E env CONNECTSPEC=${cs}
          ${PROJECT_SOURCE_DIR}/scripts/publish-results --out ${out}/published --no-readme)
set_tests_properties(docs.publish-results PROPERTIES DEPENDS "${profile_tests}" TIMEOUT 120 LABELS "e2e;profiles"
  PASS_REGULAR_EXPRESSION "publish-results: wrote .* from [0-9]+ profiles")
