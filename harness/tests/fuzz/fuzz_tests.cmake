# The libFuzzer targets as ctest tests (docs/fuzzing.md): fuzz.case-file, fuzz.profile-file,
# fuzz.response-head, fuzz.results-file, fuzz.h2-frames, each running its fuzzer for 45 s on a copy of the
# committed corpus (scripts/fuzz), failing on any crash, leak, timeout or broken contract; the
# input is then kept under reports/fuzz/<target>/.
# They need a fuzz build made with clang (scripts/build-fuzzers DIR), named by
# -DCONNECTSPEC_FUZZERS_DIR=DIR; without one, there are no fuzz tests.
set(CONNECTSPEC_FUZZERS_DIR "" CACHE PATH "A build of fuzz/ (scripts/build-fuzzers) whose fuzzers ctest runs")
set(fuzz_targets case-file profile-file response-head results-file h2-frames)
if(CONNECTSPEC_FUZZERS_DIR)
  foreach(target IN LISTS fuzz_targets)
    if(NOT EXISTS ${CONNECTSPEC_FUZZERS_DIR}/bin/fuzz-${target})
      message(FATAL_ERROR "CONNECTSPEC_FUZZERS_DIR=${CONNECTSPEC_FUZZERS_DIR} holds no bin/fuzz-${target}: "
                          "build it with scripts/build-fuzzers ${CONNECTSPEC_FUZZERS_DIR}")
    endif()
    add_test(NAME fuzz.${target}
             COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/fuzz --seconds 45 --build-dir ${CONNECTSPEC_FUZZERS_DIR} ${target})
    # One fuzzer at a time: each keeps a core busy for 45 s, and the suite runs around them have
    # timing-sensitive verdicts.
    set_tests_properties(fuzz.${target} PROPERTIES LABELS fuzz TIMEOUT 300 RESOURCE_LOCK fuzzers)
  endforeach()
endif()
