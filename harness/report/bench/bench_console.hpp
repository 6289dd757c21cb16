// A bench on a terminal (`connectspec bench`, `run --bench`): a compact table, no colour.
#pragma once

#include <ostream>

#include "model/bench_result.hpp"

namespace connectspec {

// A header line (what was measured, how), then CONNECT setup, throughput per direction and
// tunnel count, and the tunnels held; a measurement that was not made is not printed.
void print_bench_table(std::ostream& out, const BenchResult& bench);

}  // namespace connectspec
