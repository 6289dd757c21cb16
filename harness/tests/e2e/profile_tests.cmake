# The suite against every real proxy profile (fixtures/proxies/<name>/): each run's verdicts must
# be exactly those in its expected.toml, so a change in what connectspec says about a real proxy
# (a new failure or a new pass) fails CI. Reports go to reports/<name>/.
#
# A profile without expected.toml has no verdicts to compare yet and gets no test (a new profile,
# until `scripts/update-expected` has recorded a run of it). A run speaks the profile's first
# protocol, so an HTTP/2 profile (protocols = ["h2c"], ...) runs the cases of cases/h2.
file(GLOB profile_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/proxies/*/profile.toml)
# (Globbed only so that an expected.toml added later makes the build configure again.)
file(GLOB expected_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/proxies/*/expected.toml)
foreach(profile_file IN LISTS profile_files)
  get_filename_component(profile_dir ${profile_file} DIRECTORY)
  get_filename_component(profile ${profile_dir} NAME)
  if(NOT EXISTS ${profile_dir}/expected.toml)
    continue()
  endif()
  set(reports ${PROJECT_SOURCE_DIR}/reports/${profile})
  add_run_test(profile.${profile} 0
    COMMAND ${cs} run --cases ${suite} --profile ${profile_dir} --jobs 4
            --expect ${profile_dir}/expected.toml --json ${reports}/results.json --junit ${reports}/junit.xml
            --html ${reports}/report.html
    OUTPUT "verdicts match "
    JUNIT ${reports}/junit.xml
    # --confirm re-runs each failure alone: up to the first pass's time again (node-proxy's
    # 75 s unreachable-origin twice; its whole run took 264 s on a loaded 2-core machine).
    TIMEOUT 600)
  # Runs of different proxies may overlap: most of a run is waiting (for a proxy's connect timeout
  # on a target that never answers, up to 75 s), and ctest -j nproc bounds the load as it does for
  # every test. Runs of one proxy never overlap (the lock is per proxy), so a test that counts a
  # proxy's processes, or a chain or bench using it, sees only its own.
  # COST: a fresh clone has no timings of earlier runs, and these long ones must not start last.
  set_tests_properties(profile.${profile} PROPERTIES LABELS "e2e;profiles" RESOURCE_LOCK proxy-${profile} COST 100)
  list(APPEND profile_tests profile.${profile})
  # The cases tagged offline (the proxy looks a name up), which a run leaves out unless its only
  # network is loopback: under scripts/offline-run, against the same expected.toml (e2e_tests.cmake).
  file(STRINGS ${profile_file} first_protocol REGEX "^protocols *= *\\[ *\"h2")
  if(NOT first_protocol)
    add_run_test(offline.${profile} 0
      COMMAND ${offline_run} ${cs} run --cases ${suite} --profile ${profile_dir} --tag offline
              --expect ${profile_dir}/expected.toml
      OUTPUT "verdicts match ")
    set_tests_properties(offline.${profile} PROPERTIES LABELS "e2e;profiles" RESOURCE_LOCK proxy-${profile}
      SKIP_REGULAR_EXPRESSION "${offline_skip}")
  endif()
endforeach()

# No process of a real proxy outlives the run: squid (workers and auth helpers in a session of
# their own) and Apache httpd (a worker that ignores SIGTERM while a tunnel is open).
foreach(profile squid apache-httpd)
  add_test(NAME cli.no-${profile}-process-survives
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tests/e2e/no_orphan_real_proxy.sh ${cs} ${suite} ${profile})
  set_tests_properties(cli.no-${profile}-process-survives PROPERTIES
    TIMEOUT 120 LABELS "e2e;profiles" RESOURCE_LOCK proxy-${profile} PASS_REGULAR_EXPRESSION "no process of")
endforeach()

# Chains of two real proxies (fixtures/chains/<first>-to-<second>/): the first forwards every
# CONNECT to the second; the tunnel, close and TLS cases run end to end through both.
file(GLOB chain_dirs CONFIGURE_DEPENDS LIST_DIRECTORIES true ${PROJECT_SOURCE_DIR}/fixtures/chains/*-to-*)
foreach(chain_dir IN LISTS chain_dirs)
  get_filename_component(chain ${chain_dir} NAME)
  string(REGEX REPLACE "^(.+)-to-(.+)$" "\\1" first ${chain})
  string(REGEX REPLACE "^(.+)-to-(.+)$" "\\2" second ${chain})
  set(reports ${PROJECT_SOURCE_DIR}/reports/chains/${chain})
  add_run_test(chain.${chain} 0
    COMMAND ${cs} run --cases ${suite} --profile ${first} --next-proxy ${second} --jobs 4
            --filter tunnel.* --filter close.* --filter tls.*
            --expect ${chain_dir}/expected.toml --json ${reports}/results.json --junit ${reports}/junit.xml
    OUTPUT "verdicts match "
    JUNIT ${reports}/junit.xml)
  set_tests_properties(chain.${chain} PROPERTIES LABELS "e2e;profiles" RESOURCE_LOCK "proxy-${first};proxy-${second}")
endforeach()
add_run_test(cli.exit-2-on-chain-without-upstream 2
  COMMAND ${cs} run --cases ${suite} --profile ncat --next-proxy squid OUTPUT "no 'upstream' capability")
add_run_test(cli.exit-2-on-unknown-next-proxy 2
  COMMAND ${cs} run --cases ${suite} --profile squid --next-proxy no-such-proxy OUTPUT "--next-proxy no-such-proxy")
