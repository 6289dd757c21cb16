#include "report/bench/bench_html.hpp"

#include <algorithm>
#include <string>

#include "report/bench/bench_units.hpp"
#include "report/shared/html_text.hpp"
#include "report/shared/report_assets.hpp"

namespace connectspec {

namespace {

std::string esc(std::string_view text) { return html_printable(text); }

std::string count(std::uint64_t n) { return format_count(n); }
std::string count(int n) { return format_count(static_cast<std::uint64_t>(std::max(n, 0))); }

std::string failure_cell(const char* column, const std::string& failure) {
  if (failure.empty()) return std::string("<td data-col=\"") + column + "\" class=\"none\">none</td>";
  return std::string("<td data-col=\"") + column + "\" class=\"failure\">" + esc(failure) + "</td>";
}

std::string num_cell(const char* column, const std::string& value) {
  return std::string("<td data-col=\"") + column + "\" class=\"num\">" + value + "</td>";
}

void table_head(std::ostream& out, const char* classes, std::initializer_list<std::pair<const char*, bool>> columns) {
  out << "<div class=\"tbl-wrap\"><table class=\"perf " << classes << "\"><thead><tr>";
  for (const auto& [name, numeric] : columns) out << "<th scope=\"col\"" << (numeric ? " class=\"num\"" : "") << ">" << name << "</th>";
  out << "</tr></thead><tbody>\n";
}

void parameters(std::ostream& out, const BenchResult& b) {
  const BenchParams& p = b.params;
  out << "<dl class=\"runinfo perf-params\">";
  auto item = [&](std::string_view term, const std::string& value_html) {
    out << "<div><dt>" << term << "</dt><dd>" << value_html << "</dd></div>";
  };
  item("mode", esc(p.mode));
  if (p.mode == "proxy") item("protocol", esc(p.protocol));
  if (!b.target.empty()) item("target", "<code>" + esc(b.target) + "</code>");
  item("cores", count(p.cores));
  item("per measurement", format_seconds(p.budget_ms / 1000));
  item("warm-up", format_seconds(p.warmup_ms / 1000));
  if (b.setup) item("CONNECTs in flight", count(p.concurrency));
  if (b.setup && p.connections > 0) item("connections (setup)", count(p.connections));
  if (p.one_connection) item("throughput, hold", "streams of one connection");
  if (b.hold && b.hold->limit) item("streams one connection allows", count(*b.hold->limit));
  if (!b.throughput.empty()) {
    item("write size", format_size(static_cast<std::uint64_t>(std::max(p.chunk_bytes, 0))));
    item("tunnels (throughput)", count(p.tunnels));
  }
  if (b.hold) item("tunnels (hold)", count(p.hold));
  item("started", esc(b.started_at));
  item("wall time", format_seconds(b.wall_ms / 1000));
  out << "</dl>\n";
}

void setup_table(std::ostream& out, const SetupBench& s) {
  out << "<h3>CONNECT setup</h3>\n<p class=\"perf-how\">TCP connect, CONNECT, 2xx head read, close; latency from the "
         "CONNECT's first byte to the end of the 2xx head.</p>\n";
  table_head(out, "setup",
             {{"tunnels/s", true}, {"p50", true}, {"p90", true}, {"p99", true}, {"max", true}, {"tunnels", true},
              {"failures", true}, {"first failure", false}});
  out << "<tr>" << num_cell("tunnels/s", format_per_second(s.per_second)) << num_cell("p50", format_ms(s.p50_ms))
      << num_cell("p90", format_ms(s.p90_ms)) << num_cell("p99", format_ms(s.p99_ms)) << num_cell("max", format_ms(s.max_ms))
      << num_cell("tunnels", count(s.tunnels) + " in " + format_seconds(s.seconds)) << num_cell("failures", count(s.failures))
      << failure_cell("first failure", s.first_failure) << "</tr>\n</tbody></table></div>\n";
}

void throughput_table(std::ostream& out, const std::vector<ThroughputBench>& rows) {
  out << "<h3>Throughput</h3>\n<p class=\"perf-how\">Bytes counted by the receiving end over the measured time, all "
         "tunnels together.</p>\n";
  table_head(out, "throughput",
             {{"direction", false}, {"tunnels", true}, {"bytes/s", true}, {"bits/s", true}, {"bytes", true},
              {"seconds", true}, {"failure", false}});
  for (const auto& t : rows)
    out << "<tr" << (t.failure.empty() ? "" : " class=\"failed\"") << "><td data-col=\"direction\">" << esc(t.direction)
        << "</td>" << num_cell("tunnels", count(t.tunnels)) << num_cell("bytes/s", format_byte_rate(t.bytes_per_second))
        << num_cell("bits/s", format_bit_rate(t.bytes_per_second)) << num_cell("bytes", count(t.bytes))
        << num_cell("seconds", format_seconds(t.seconds)) << failure_cell("failure", t.failure) << "</tr>\n";
  out << "</tbody></table></div>\n";
}

void hold_table(std::ostream& out, const HoldBench& h) {
  out << "<h3>Tunnels held</h3>\n<p class=\"perf-how\">Opened and kept open together, then one ping through each: "
         "those that echo it are alive.</p>\n";
  table_head(out, "hold",
             {{"requested", true}, {"opened", true}, {"alive", true}, {"time to open", true}, {"ping", true},
              {"first failure", false}});
  out << "<tr" << (h.alive < h.requested ? " class=\"failed\"" : "") << ">" << num_cell("requested", count(h.requested))
      << num_cell("opened", count(h.opened)) << num_cell("alive", count(h.alive))
      << num_cell("time to open", format_seconds(h.open_seconds)) << num_cell("ping", format_ms(h.ping_ms))
      << failure_cell("first failure", h.first_failure) << "</tr>\n</tbody></table></div>\n";
}

}  // namespace

void write_bench_section(std::ostream& out, const BenchResult& bench) {
  out << "<section class=\"perf\" id=\"performance\" aria-labelledby=\"perf-h\">\n<h2 id=\"perf-h\">Performance</h2>\n";
  parameters(out, bench);
  if (bench.setup) setup_table(out, *bench.setup);
  if (!bench.throughput.empty()) throughput_table(out, bench.throughput);
  if (bench.hold) hold_table(out, *bench.hold);
  out << "</section>\n";
}

void write_bench_html(std::ostream& out, const BenchResult& bench) {
  const std::string impl = bench.implementation.empty() ? std::string("(unnamed proxy)") : bench.implementation;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"generator\" content=\"connectspec "
      << esc(bench.harness_version) << "\">\n<title>" << esc(impl) << " " << kEmDash
      << " performance " << kEmDash << " connectspec</title>\n<style>\n"
      << report_asset("report.css") << "\n</style>\n</head>\n<body>\n"
      << "<header class=\"run\">\n<p class=\"kicker\">connectspec bench</p>\n<h1>" << esc(impl) << "</h1>\n</header>\n";
  write_bench_section(out, bench);
  out << "<footer>connectspec " << esc(bench.harness_version) << " " << kEmDash << " " << esc(bench.started_at)
      << "</footer>\n</body>\n</html>\n";
}

}  // namespace connectspec
