// The bench figures `connectspec compare` puts side by side, one column per run: CONNECT setup
// rate and latency, throughput with one tunnel and with several in each direction, and the
// tunnels held alive. The matrix writers only render these rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/bench_result.hpp"

namespace connectspec {

enum class BenchUnit { per_second, ms, bytes_per_second, tunnels };
std::string_view to_string(BenchUnit);  // "tunnels/s", "ms", "bytes/s", "tunnels"

struct BenchCell {
  bool present = false;   // the run measured it
  double value = 0;       // in the row's unit
  int of = 0;             // tunnels: how many were requested
  int tunnels = 0;        // throughput: tunnels in the measurement
  std::string failure;    // throughput: why it stopped early, empty when it carried data to the end
};

struct BenchRow {
  std::string key;        // stable, for JSON: "setup_per_second", "upload_n", "hold_alive"
  std::string label;      // for people: "upload, 16 tunnels"
  BenchUnit unit = BenchUnit::per_second;
  bool tunnels_vary = false;     // upload_n, download_n: the runs used different tunnel counts
  std::vector<BenchCell> cells;  // one per run, in run order
};

// One row per figure that at least one run measured, in a fixed order: setup_per_second,
// setup_p50_ms, setup_p99_ms, upload_1, download_1, upload_n, download_n, hold_alive. "n" is the
// largest tunnel count above one a run measured; the label names it when all runs used the same.
// `benches` has one entry per run, null for a run without a bench; no rows when all are null.
std::vector<BenchRow> bench_rows(const std::vector<const BenchResult*>& benches);

// A cell for people: "12,345/s", "0.81 ms", "1.52 GB/s (12.2 Gbit/s)", "998 of 1,000"; `compact`
// drops the bit rate. A throughput that failed ends in " (failed)"; with several tunnels and
// differing counts between runs, the count follows ("… ×16"). Absent: "—".
std::string bench_cell_text(const BenchRow& row, const BenchCell& cell, bool compact = false);

}  // namespace connectspec
