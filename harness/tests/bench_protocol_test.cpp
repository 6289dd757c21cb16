// The bench's small pieces that decide its numbers: the command and answer lines, the receiving
// end's window, and the percentile rank.
#include <catch2/catch.hpp>

#include "bench/bench_protocol.hpp"
#include "bench/percentiles.hpp"
#include "bench/receive_window.hpp"

using namespace connectspec::bench;
using std::chrono::milliseconds;

TEST_CASE("bench commands round-trip and junk is refused") {
  for (const Command& c : {Command{Command::Kind::echo}, Command{Command::Kind::source}, Command{Command::Kind::sink, 500, 2000}}) {
    std::string line = command_line(c);
    REQUIRE(line.back() == '\n');
    auto back = parse_command(std::string_view(line).substr(0, line.size() - 1));
    REQUIRE(back);
    CHECK(back->kind == c.kind);
    CHECK(back->warmup_ms == c.warmup_ms);
    CHECK(back->budget_ms == c.budget_ms);
  }
  for (std::string_view junk : {"", "SINK", "SINK 5", "SINK 5 0", "SINK -1 5", "SINK 5 5 5", "SINK x 5", "echo", "GET / HTTP/1.1"})
    CHECK_FALSE(parse_command(junk));
}

TEST_CASE("the sink's answer round-trips and junk is refused") {
  std::string line = report_line({123456789012ULL, 2000123});
  auto r = parse_report(std::string_view(line).substr(0, line.size() - 1));
  REQUIRE(r);
  CHECK(r->bytes == 123456789012ULL);
  CHECK(r->micros == 2000123);
  for (std::string_view junk : {"", "12", "12 ", " 12 3", "12 3x", "a b"}) CHECK_FALSE(parse_report(junk));
}

TEST_CASE("the receive window counts only what arrives after the warm-up") {
  ReceiveWindow w(milliseconds(100));
  auto t0 = ReceiveWindow::Clock::now();
  w.on_bytes(1000, t0);
  w.on_bytes(1000, t0 + milliseconds(50));
  CHECK_FALSE(w.warmed_up());
  CHECK(w.measured_bytes() == 0);
  CHECK(w.measured_seconds() == 0);
  w.on_bytes(500, t0 + milliseconds(100));  // the first read at the mark starts the window
  w.on_bytes(700, t0 + milliseconds(1100));
  CHECK(w.warmed_up());
  CHECK(w.total() == 3200);
  CHECK(w.measured_bytes() == 1200);
  CHECK(w.measured_seconds() == Approx(1.0));
}

TEST_CASE("percentiles by nearest rank") {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  CHECK(percentile(v, 50) == 50);
  CHECK(percentile(v, 90) == 90);
  CHECK(percentile(v, 99) == 99);
  CHECK(percentile(v, 100) == 100);
  CHECK(percentile({7.0}, 99) == 7.0);
  CHECK(percentile({}, 50) == 0);
  CHECK(percentile({1.0, 2.0, 3.0}, 50) == 2.0);
}
