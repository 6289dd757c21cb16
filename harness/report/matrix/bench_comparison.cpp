#include "report/matrix/bench_comparison.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "report/bench/bench_units.hpp"

namespace connectspec {

std::string_view to_string(BenchUnit u) {
  switch (u) {
    case BenchUnit::per_second: return "tunnels/s";
    case BenchUnit::ms: return "ms";
    case BenchUnit::bytes_per_second: return "bytes/s";
    case BenchUnit::tunnels: return "tunnels";
  }
  return "?";
}

namespace {

using Pick = std::function<std::optional<BenchCell>(const BenchResult&)>;

std::optional<BenchCell> value(double v) { return BenchCell{true, v, 0, 0, {}}; }

std::optional<BenchCell> setup_figure(const BenchResult& b, double SetupBench::*field) {
  if (!b.setup) return std::nullopt;
  return value((*b.setup).*field);
}

// The measurement of `direction` with one tunnel (`several` false) or with the most tunnels above one.
std::optional<BenchCell> throughput(const BenchResult& b, std::string_view direction, bool several) {
  const ThroughputBench* best = nullptr;
  for (const auto& t : b.throughput) {
    if (t.direction != direction || (several ? t.tunnels <= 1 : t.tunnels != 1)) continue;
    if (!best || t.tunnels > best->tunnels) best = &t;
  }
  if (!best) return std::nullopt;
  return BenchCell{true, best->bytes_per_second, 0, best->tunnels, best->failure};
}

std::optional<BenchCell> held(const BenchResult& b) {
  if (!b.hold) return std::nullopt;
  return BenchCell{true, static_cast<double>(b.hold->alive), b.hold->requested, 0, {}};
}

}  // namespace

std::vector<BenchRow> bench_rows(const std::vector<const BenchResult*>& benches) {
  struct Figure {
    const char* key;
    const char* label;
    BenchUnit unit;
    Pick pick;
  };
  using U = BenchUnit;
  const Figure figures[] = {
      {"setup_per_second", "CONNECT setup", U::per_second, [](const auto& b) { return setup_figure(b, &SetupBench::per_second); }},
      {"setup_p50_ms", "setup p50", U::ms, [](const auto& b) { return setup_figure(b, &SetupBench::p50_ms); }},
      {"setup_p99_ms", "setup p99", U::ms, [](const auto& b) { return setup_figure(b, &SetupBench::p99_ms); }},
      {"upload_1", "upload, 1 tunnel", U::bytes_per_second, [](const auto& b) { return throughput(b, "upload", false); }},
      {"download_1", "download, 1 tunnel", U::bytes_per_second, [](const auto& b) { return throughput(b, "download", false); }},
      {"upload_n", "upload", U::bytes_per_second, [](const auto& b) { return throughput(b, "upload", true); }},
      {"download_n", "download", U::bytes_per_second, [](const auto& b) { return throughput(b, "download", true); }},
      {"hold_alive", "tunnels held alive", U::tunnels, held},
  };
  std::vector<BenchRow> rows;
  for (const auto& f : figures) {
    BenchRow row;
    row.key = f.key;
    row.label = f.label;
    row.unit = f.unit;
    bool any = false;
    std::set<int> tunnel_counts;
    for (const auto* b : benches) {
      std::optional<BenchCell> cell = b ? f.pick(*b) : std::nullopt;
      if (cell) {
        any = true;
        tunnel_counts.insert(cell->tunnels);
      }
      row.cells.push_back(cell.value_or(BenchCell{}));
    }
    if (!any) continue;
    if (row.key.back() == 'n') {
      row.tunnels_vary = tunnel_counts.size() > 1;
      row.label += row.tunnels_vary ? ", several tunnels" : ", " + std::to_string(*tunnel_counts.begin()) + " tunnels";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string bench_cell_text(const BenchRow& row, const BenchCell& cell, bool compact) {
  if (!cell.present) return "\xe2\x80\x94";  // —
  std::string text;
  switch (row.unit) {
    case BenchUnit::per_second: text = format_per_second(cell.value); break;
    case BenchUnit::ms: text = format_ms(cell.value); break;
    case BenchUnit::bytes_per_second:
      text = compact ? format_byte_rate(cell.value) : format_throughput(cell.value);
      if (row.tunnels_vary) text += " \xc3\x97" + std::to_string(cell.tunnels);  // ×16
      if (!cell.failure.empty()) text += " (failed)";
      break;
    case BenchUnit::tunnels:
      text = format_count(static_cast<std::uint64_t>(cell.value)) + " of " +
             format_count(static_cast<std::uint64_t>(std::max(cell.of, 0)));
      break;
  }
  return text;
}

}  // namespace connectspec
