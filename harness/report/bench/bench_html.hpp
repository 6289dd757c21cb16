// A bench in HTML: the Performance section of a run's report (`run --bench --html`), and the page
// of `connectspec bench --html`. Both use the run report's style sheet (reports/assets/report.css)
// inlined; neither needs a script or fetches anything. docs/reports.md describes them.
#pragma once

#include <ostream>

#include "model/bench_result.hpp"

namespace connectspec {

// <section id="performance">: the parameters (what was measured, how), then tables for CONNECT
// setup, throughput and the tunnels held; a measurement that was not made has no table.
void write_bench_section(std::ostream& out, const BenchResult& bench);

// A self-contained page: a header naming the implementation, the section, a footer.
void write_bench_html(std::ostream& out, const BenchResult& bench);

}  // namespace connectspec
