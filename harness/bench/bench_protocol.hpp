// What a bench client says to the bench origin, once its tunnel is up: one command line, then data.
//   "ECHO\n"             every byte comes back (the hold test's ping)
//   "SINK <warmup_ms> <budget_ms>\n"
//                        bytes are counted from the first; once warm-up and budget have passed the
//                        origin answers "<bytes> <microseconds>\n" (what it received after the warm-up,
//                        over how long) and goes on discarding until the client closes. The client
//                        sends until it has the answer: no half-close is needed, which many proxies
//                        turn into a full close.
//   "SOURCE\n"           bytes stream to the client until it closes
// A connection that sends nothing (the setup test) is closed when the client closes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connectspec::bench {

inline constexpr std::size_t kMaxCommandLine = 64;

struct Command {
  enum class Kind { echo, sink, source } kind = Kind::echo;
  int warmup_ms = 0;  // sink
  int budget_ms = 0;  // sink
};

std::string command_line(const Command& c);
// nullopt for a line that is not a command (without its "\n").
std::optional<Command> parse_command(std::string_view line);

// The sink's answer.
struct SinkReport {
  std::uint64_t bytes = 0;
  std::uint64_t micros = 0;
};
std::string report_line(const SinkReport& r);
std::optional<SinkReport> parse_report(std::string_view line);

}  // namespace connectspec::bench
