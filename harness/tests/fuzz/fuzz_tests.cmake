# The libFuzzer targets as ctest tests (docs/fuzzing.md): fuzz.case-file, fuzz.profile-file,
# fuzz.response-head, fuzz.results-file, fuzz.h2-frames, each running its fuzzer for 20 s on a copy of the
# committed corpus (scripts/fuzz), failing on any crash, leak, timeout or broken contract; the
# input is then kept under reports/fuzz/<target>/.
# They need a fuzz build made with clang (scripts/build-fuzzers DIR), named by
# -DCONNECTSPEC_FUZZERS_DIR=DIR; without one, there are no fuzz tests.
set(CONNECTSPEC_FUZZERS_DIR "" CACHE PATH "A build of fuzz/ (scripts/build-fuzzers) whose fuzzers ctest runs")
set(fuzz_targets case-file profile-file response-head results-file h2-frames)
if(CONNECTSPEC_FUZZERS_DIR AND CONNECTSPEC_CHECK_TREES_IN_CTEST)
  # CI: ctest builds the fuzzers first, niced, beside the tests that wait (sanitize_tests.cmake).
  add_test(NAME build.fuzzers COMMAND nice -n 19 ${PROJECT_SOURCE_DIR}/scripts/build-fuzzers ${CONNECTSPEC_FUZZERS_DIR})
  set_tests_properties(build.fuzzers PROPERTIES TIMEOUT 1800 LABELS "build;fuzz" FIXTURES_SETUP fuzzers-tree
                       PROCESSORS 2 COST 9000)
endif()
if(CONNECTSPEC_FUZZERS_DIR)
  foreach(target IN LISTS fuzz_targets)
    if(NOT CONNECTSPEC_CHECK_TREES_IN_CTEST AND NOT EXISTS ${CONNECTSPEC_FUZZERS_DIR}/bin/fuzz-${target})
      message(FATAL_ERROR "CONNECTSPEC_FUZZERS_DIR=${CONNECTSPEC_FUZZERS_DIR} holds no bin/fuzz-${target}: "
                          "build it with scripts/build-fuzzers ${CONNECTSPEC_FUZZERS_DIR}")
    endif()
    add_test(NAME fuzz.${target}
             COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/fuzz --seconds 20 --build-dir ${CONNECTSPEC_FUZZERS_DIR} ${target})
    # One fuzzer at a time, counted as both cores: each keeps a core busy for 20 s, and the suite runs around them have
    # timing-sensitive verdicts.
    set_tests_properties(fuzz.${target} PROPERTIES LABELS fuzz TIMEOUT 300 RESOURCE_LOCK fuzzers PROCESSORS 2)
    if(CONNECTSPEC_CHECK_TREES_IN_CTEST)
      set_tests_properties(fuzz.${target} PROPERTIES FIXTURES_REQUIRED fuzzers-tree)
    endif()
  endforeach()
endif()
