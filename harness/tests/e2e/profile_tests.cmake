# The suite against every real proxy profile (fixtures/proxies/<name>/): each run's verdicts must
# be exactly those in its expected.toml, so a change in what connectspec says about a real proxy
# (a new failure or a new pass) fails CI. Reports go to reports/<name>/.
file(GLOB profile_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/proxies/*/profile.toml)
foreach(profile_file IN LISTS profile_files)
  get_filename_component(profile_dir ${profile_file} DIRECTORY)
  get_filename_component(profile ${profile_dir} NAME)
  set(reports ${PROJECT_SOURCE_DIR}/reports/${profile})
  add_run_test(profile.${profile} 0
    COMMAND ${cs} run --cases ${suite} --profile ${profile_dir} --jobs 4
            --expect ${profile_dir}/expected.toml --json ${reports}/results.json --junit ${reports}/junit.xml
    OUTPUT "verdicts match "
    JUNIT ${reports}/junit.xml)
  # One real proxy at a time: their verdicts were read under that load, and timing-sensitive
  # behaviour (a close that comes late) must not change with what else ctest runs.
  set_tests_properties(profile.${profile} PROPERTIES LABELS "e2e;profiles" RESOURCE_LOCK real-proxies)
endforeach()

# No process of a real proxy outlives the run: squid (workers and auth helpers in a session of
# their own) and Apache httpd (a worker that ignores SIGTERM while a tunnel is open).
foreach(profile squid apache-httpd)
  add_test(NAME cli.no-${profile}-process-survives
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/no_orphan_real_proxy.sh ${cs} ${suite} ${profile})
  set_tests_properties(cli.no-${profile}-process-survives PROPERTIES
    TIMEOUT 120 LABELS "e2e;profiles" RESOURCE_LOCK real-proxies PASS_REGULAR_EXPRESSION "no process of")
endforeach()
