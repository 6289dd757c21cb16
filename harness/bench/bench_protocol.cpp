#include "bench/bench_protocol.hpp"

#include <charconv>

namespace connectspec::bench {

namespace {

template <typename T>
bool read_number(std::string_view& s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end == s.data()) return false;
  s.remove_prefix(static_cast<std::size_t>(end - s.data()));
  return true;
}

}  // namespace

std::string command_line(const Command& c) {
  switch (c.kind) {
    case Command::Kind::echo: return "ECHO\n";
    case Command::Kind::sink: return "SINK " + std::to_string(c.warmup_ms) + " " + std::to_string(c.budget_ms) + "\n";
    case Command::Kind::source: return "SOURCE\n";
  }
  return {};
}

std::optional<Command> parse_command(std::string_view line) {
  if (line == "ECHO") return Command{Command::Kind::echo};
  if (line == "SOURCE") return Command{Command::Kind::source};
  if (line.substr(0, 5) == "SINK ") {
    line.remove_prefix(5);
    Command c{Command::Kind::sink};
    if (!read_number(line, c.warmup_ms) || line.empty() || line.front() != ' ') return std::nullopt;
    line.remove_prefix(1);
    if (!read_number(line, c.budget_ms) || !line.empty() || c.warmup_ms < 0 || c.budget_ms <= 0) return std::nullopt;
    return c;
  }
  return std::nullopt;
}

std::string report_line(const SinkReport& r) {
  return std::to_string(r.bytes) + " " + std::to_string(r.micros) + "\n";
}

std::optional<SinkReport> parse_report(std::string_view line) {
  SinkReport r;
  if (!read_number(line, r.bytes) || line.empty() || line.front() != ' ') return std::nullopt;
  line.remove_prefix(1);
  if (!read_number(line, r.micros) || !line.empty()) return std::nullopt;
  return r;
}

}  // namespace connectspec::bench
