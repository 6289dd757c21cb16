#include <catch2/catch.hpp>

#include "report/bench/bench_units.hpp"

using namespace connectspec;

TEST_CASE("Bench rates read with three significant digits in decimal units", "[report][bench]") {
  CHECK(format_throughput(1.52e9) == "1.52 GB/s (12.2 Gbit/s)");
  CHECK(format_byte_rate(980e3) == "980 kB/s");
  CHECK(format_byte_rate(999.7e3) == "1.00 MB/s");  // not "1,000 kB/s"
  CHECK(format_byte_rate(15.24e6) == "15.2 MB/s");
  CHECK(format_byte_rate(512) == "512 B/s");
  CHECK(format_byte_rate(0) == "0.00 B/s");
  CHECK(format_bit_rate(980e3) == "7.84 Mbit/s");
  CHECK(format_per_second(12345.6) == "12,346/s");
  CHECK(format_per_second(85.34) == "85.3/s");
}

TEST_CASE("Bench times and sizes read in the unit that suits them", "[report][bench]") {
  CHECK(format_ms(0.8123) == "0.81 ms");
  CHECK(format_ms(12.34) == "12.3 ms");
  CHECK(format_ms(1234.4) == "1,234 ms");
  CHECK(format_seconds(0.85) == "850 ms");
  CHECK(format_seconds(1.2345) == "1.23 s");
  CHECK(format_seconds(3) == "3.00 s");
  CHECK(format_size(65536) == "64 KiB");
  CHECK(format_size(1536 * 1024) == "1.5 MiB");
  CHECK(format_size(100) == "100 B");
  CHECK(format_count(1234567) == "1,234,567");
  CHECK(format_count(999) == "999");
}
