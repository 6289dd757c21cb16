# The client suite against every real client profile (fixtures/clients/<name>/): each run's verdicts
# must be exactly those in its expected.toml, so a change in what connectspec says about a real
# client fails CI. Reports go to reports/client/<name>/ (docs/results/ publishes them).
#
# A profile without expected.toml gets no test (until `scripts/update-expected --client NAME` has
# recorded a run). The clients are installed by scripts/install-clients, which scripts/test runs.
# Uses ${cs}, ${suite} and add_run_test from e2e_tests.cmake.
file(GLOB client_profile_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/clients/*/profile.toml)
file(GLOB client_expected_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/clients/*/expected.toml)
foreach(profile_file IN LISTS client_profile_files)
  get_filename_component(profile_dir ${profile_file} DIRECTORY)
  get_filename_component(client ${profile_dir} NAME)
  if(NOT EXISTS ${profile_dir}/expected.toml)
    continue()
  endif()
  set(reports ${PROJECT_SOURCE_DIR}/reports/client/${client})
  add_run_test(client-profile.${client} 0
    COMMAND ${cs} client --cases ${suite} --client ${profile_dir} --jobs 4
            --expect ${profile_dir}/expected.toml --json ${reports}/results.json --junit ${reports}/junit.xml
            --html ${reports}/report.html
    OUTPUT "verdicts match "
    JUNIT ${reports}/junit.xml
    TIMEOUT 300)
  set_tests_properties(client-profile.${client} PROPERTIES LABELS "e2e;clients")
  list(APPEND client_profile_tests client-profile.${client})
endforeach()

# The published client matrix can be made from those runs (into the build tree, README untouched).
add_test(NAME docs.publish-client-results
  COMMAND ${CMAKE_COMMAND} -E env CONNECTSPEC=${cs}
          ${PROJECT_SOURCE_DIR}/scripts/publish-client-results --out ${CMAKE_BINARY_DIR}/e2e/published-clients --no-readme)
set_tests_properties(docs.publish-client-results PROPERTIES DEPENDS "${client_profile_tests}" TIMEOUT 120
  LABELS "e2e;clients" PASS_REGULAR_EXPRESSION "publish-client-results: wrote .* from [0-9]+ clients")
