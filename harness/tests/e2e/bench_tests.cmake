# connectspec bench: the baselines (iperf3 and socat next to connectspec's own figures) and a short
# bench against every proxy profile. Uses add_run_test and ${cs} from e2e_tests.cmake.
#
# These measure throughput and time, so each holds every proxy's lock (proxy-<profile>, which the
# real proxies' suite runs, chains and orphan checks of profile_tests.cmake hold) and the
# real-proxies lock (the other bench tests'): they must not run beside the real proxies' suite runs
# (whose timing-sensitive verdicts they would disturb), nor beside each other (the figures would
# be halved).
file(GLOB bench_profile_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fixtures/proxies/*/profile.toml)
set(bench_locks real-proxies)
foreach(profile_file IN LISTS bench_profile_files)
  get_filename_component(profile_dir ${profile_file} DIRECTORY)
  get_filename_component(profile ${profile_dir} NAME)
  list(APPEND bench_locks proxy-${profile})
endforeach()

# The baselines (bench/baselines.sh): iperf3 vs `connectspec bench --direct`, a socat relay vs the
# reference proxy, 2 s per measurement. It passes when every measurement produced a figure; the
# ratios (and the >= 0.8 target of connectspec direct vs iperf3) are informative only.
# ctest shows a passing test's output only with -V, and CI runs --output-on-failure: so the table
# is also written to reports/bench/baselines.txt (and the figures to reports/bench/baselines.json),
# where CI keeps it.
set(bench_reports ${PROJECT_SOURCE_DIR}/reports/bench)
add_run_test(bench.baselines 0
  COMMAND bash ${PROJECT_SOURCE_DIR}/bench/baselines.sh --seconds 2 --connectspec ${cs}
          --json ${bench_reports}/baselines.json --text ${bench_reports}/baselines.txt
  OUTPUT "connectspec direct / iperf3"
  TIMEOUT 240)
set_tests_properties(bench.baselines PROPERTIES LABELS bench RESOURCE_LOCK "${bench_locks}")

# A smoke test of the bench against every proxy profile (fixtures/proxies/<name>/): short budgets,
# passing when it measured (exit 0). Its short-run figures stay in the build folder
# (e2e/bench-<name>.json): reports/<name>/bench.json is for figures measured with the default
# parameters on a quiet machine (scripts/publish-performance, publish-results --run), which
# scripts/publish-results publishes.
# Each profile is benched in its first `protocols` entry, as `bench --profile` does: the HTTP/2
# fronts (nghttpx-h2c, haproxy-h2, ...) over h2c or h2.
foreach(profile_file IN LISTS bench_profile_files)
  get_filename_component(profile_dir ${profile_file} DIRECTORY)
  get_filename_component(profile ${profile_dir} NAME)
  add_run_test(bench.${profile} 0
    COMMAND ${cs} bench --profile ${profile_dir} --budget-ms 500 --warmup-ms 100 --hold 200
            --json ${out}/bench-${profile}.json
    TIMEOUT 180)
  set_tests_properties(bench.${profile} PROPERTIES LABELS "bench;profiles" RESOURCE_LOCK "${bench_locks}")
endforeach()
