#include <catch2/catch.hpp>

#include <sstream>

#include "report/bench/bench_console.hpp"
#include "sample_bench.hpp"

using namespace connectspec;

namespace {

std::string table(const BenchResult& b) {
  std::ostringstream out;
  print_bench_table(out, b);
  return out.str();
}

}  // namespace

TEST_CASE("The console bench table: what was measured, then each measurement, aligned", "[report][bench]") {
  BenchResult b = testing::sample_bench();
  b.implementation = "squid 5.7";
  CHECK(table(b) ==
        "connectspec bench: squid 5.7 at 127.0.0.1:3128 (proxy mode, 2 cores); 3.00 s per measurement after 500 ms warm-up\n"
        "CONNECT setup (64 in flight)\n"
        "  12,304/s   p50 0.81 ms   p90 1.20 ms   p99 3.46 ms   max 12.3 ms   36,912 tunnels in 3.00 s, 3 failures"
        " (first: 503 \"Service\" <Unavailable>)\n"
        "Throughput (64 KiB writes)\n"
        "  upload      1 tunnel   1.52 GB/s (12.2 Gbit/s)\n"
        "  download    1 tunnel   1.48 GB/s (11.8 Gbit/s)\n"
        "  upload     16 tunnels  3.10 GB/s (24.8 Gbit/s)\n"
        "  download   16 tunnels  290 MB/s (2.32 Gbit/s)    failed: reset after 12 MB <rst>\n"
        "Hold (1,000 tunnels at once)\n"
        "  998 of 1,000 alive, 1,000 opened in 1.23 s; a ping through each came back within 45.7 ms\n"
        "  first failure: tunnel 17: no echo\\x01\n");
}

TEST_CASE("The console bench table leaves out what was not measured", "[report][bench]") {
  BenchResult b = testing::sample_bench();
  b.implementation = "direct";
  b.target.clear();
  b.params.mode = "direct";
  b.setup.reset();
  b.hold.reset();
  b.throughput.resize(2);
  const std::string text = table(b);
  CHECK(text.rfind("connectspec bench: direct (direct mode, 2 cores);", 0) == 0);
  CHECK(text.find("CONNECT setup") == std::string::npos);
  CHECK(text.find("Hold") == std::string::npos);
  CHECK(text.find("  download    1 tunnel   1.48 GB/s (11.8 Gbit/s)\n") != std::string::npos);
}

TEST_CASE("The console bench table of an HTTP/2 bench says so: the protocol, the connections, the proxy's limit",
          "[report][bench][h2]") {
  BenchResult b = testing::sample_bench();
  b.implementation = "nghttpx 1.52.0";
  b.params.protocol = "h2c";
  b.params.connections = 4;
  b.params.one_connection = true;
  b.hold->requested = 100;
  b.hold->opened = b.hold->alive = 100;
  b.hold->limit = 100;
  b.hold->first_failure.clear();
  const std::string text = table(b);
  CHECK(text.rfind("connectspec bench: nghttpx 1.52.0 at 127.0.0.1:3128 over h2c (proxy mode, 2 cores);", 0) == 0);
  CHECK(text.find("CONNECT setup (64 in flight, streams of 4 connections)\n") != std::string::npos);
  CHECK(text.find("Throughput (64 KiB writes; the tunnels are streams of one connection)\n") != std::string::npos);
  CHECK(text.find("Hold (100 tunnels at once on one connection; the proxy allows 100 streams on one)\n"
                  "  100 of 100 alive") != std::string::npos);
}
