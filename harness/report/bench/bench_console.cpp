#include "report/bench/bench_console.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "report/bench/bench_units.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace {

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string count_text(int n) { return format_count(static_cast<std::uint64_t>(std::max(n, 0))); }

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return format_count(n) + " " + (n == 1 ? one : many);
}

void header(std::ostream& out, const BenchResult& b) {
  const BenchParams& p = b.params;
  out << "connectspec bench: " << printable_text(b.implementation.empty() ? "(unnamed)" : b.implementation);
  if (!b.target.empty()) out << " at " << printable_text(b.target);
  if (p.protocol != "http/1.1") out << " over " << printable_text(p.protocol);
  out << " (" << printable_text(p.mode) << " mode, " << plural(static_cast<std::uint64_t>(std::max(p.cores, 0)), "core", "cores")
      << "); " << format_seconds(p.budget_ms / 1000) << " per measurement after " << format_seconds(p.warmup_ms / 1000)
      << " warm-up\n";
}

void setup(std::ostream& out, const BenchResult& b) {
  const SetupBench& s = *b.setup;
  out << "CONNECT setup (" << b.params.concurrency << " in flight";
  if (b.params.connections > 0) out << ", streams of " << plural(static_cast<std::uint64_t>(b.params.connections), "connection", "connections");
  out << ")\n  " << format_per_second(s.per_second)
      << "   p50 " << format_ms(s.p50_ms) << "   p90 " << format_ms(s.p90_ms) << "   p99 " << format_ms(s.p99_ms)
      << "   max " << format_ms(s.max_ms) << "   " << plural(s.tunnels, "tunnel", "tunnels") << " in "
      << format_seconds(s.seconds) << ", " << plural(s.failures, "failure", "failures");
  if (!s.first_failure.empty()) out << " (first: " << printable_text(s.first_failure) << ")";
  out << "\n";
}

void throughput(std::ostream& out, const BenchResult& b) {
  out << "Throughput (" << format_size(static_cast<std::uint64_t>(std::max(b.params.chunk_bytes, 0))) << " writes"
      << (b.params.one_connection ? "; the tunnels are streams of one connection" : "") << ")\n";
  std::vector<std::string> rates;
  std::size_t rate_width = 0;
  for (const auto& t : b.throughput) {
    rates.push_back(format_throughput(t.bytes_per_second));
    rate_width = std::max(rate_width, rates.back().size());
  }
  for (std::size_t i = 0; i < b.throughput.size(); ++i) {
    const ThroughputBench& t = b.throughput[i];
    // " 1 tunnel " over "16 tunnels": counts right-aligned, words and rates left-aligned.
    std::string line = "  " + pad(printable_text(t.direction), 9) + pad_left(count_text(t.tunnels), 4) + " " +
                       pad(t.tunnels == 1 ? "tunnel" : "tunnels", 9) + pad(rates[i], rate_width);
    if (!t.failure.empty()) line += "   failed: " + printable_text(t.failure);
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  }
}

void hold(std::ostream& out, const BenchResult& b) {
  const HoldBench& h = *b.hold;
  out << "Hold (" << plural(static_cast<std::uint64_t>(std::max(h.requested, 0)), "tunnel", "tunnels") << " at once"
      << (b.params.one_connection ? " on one connection" : "");
  if (h.limit) out << "; the proxy allows " << plural(static_cast<std::uint64_t>(*h.limit), "stream", "streams") << " on one";
  out << ")\n  " << count_text(h.alive) << " of " << count_text(h.requested) << " alive, " << count_text(h.opened) << " opened in "
      << format_seconds(h.open_seconds)
      << "; a ping through each came back within " << format_ms(h.ping_ms) << "\n";
  if (!h.first_failure.empty()) out << "  first failure: " << printable_text(h.first_failure) << "\n";
}

}  // namespace

void print_bench_table(std::ostream& out, const BenchResult& bench) {
  header(out, bench);
  if (bench.setup) setup(out, bench);
  if (!bench.throughput.empty()) throughput(out, bench);
  if (bench.hold) hold(out, bench);
}

}  // namespace connectspec
