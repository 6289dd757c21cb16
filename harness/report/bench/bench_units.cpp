#include "report/bench/bench_units.hpp"

#include <cmath>
#include <cstdio>

namespace connectspec {

namespace {

// Three significant digits, whole numbers from 100 up (with thousands separated).
std::string three_digits(double v) {
  char buf[64];
  if (std::fabs(v) >= 99.95) return format_count(static_cast<std::uint64_t>(std::llround(std::fabs(v))));
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 9.995 ? "%.1f" : "%.2f", v);
  return buf;
}

// v in the largest of `units` it reaches (each `base` times the one before).
std::string scaled(double v, double base, const char* const (&units)[5]) {
  std::size_t i = 0;
  while (i + 1 < std::size(units) && std::fabs(v) >= base * 0.9995) {  // 999.7 kB/s reads as 1.00 MB/s
    v /= base;
    ++i;
  }
  return three_digits(v) + " " + units[i];
}

}  // namespace

std::string format_count(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

std::string format_byte_rate(double bytes_per_second) {
  static const char* const units[] = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
  return scaled(bytes_per_second, 1000, units);
}

std::string format_bit_rate(double bytes_per_second) {
  static const char* const units[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
  return scaled(bytes_per_second * 8, 1000, units);
}

std::string format_throughput(double bytes_per_second) {
  return format_byte_rate(bytes_per_second) + " (" + format_bit_rate(bytes_per_second) + ")";
}

std::string format_per_second(double per_second) { return three_digits(per_second) + "/s"; }

std::string format_ms(double ms) { return three_digits(ms) + " ms"; }

std::string format_seconds(double seconds) {
  if (seconds < 0.9995) return format_ms(seconds * 1000);
  return three_digits(seconds) + " s";
}

std::string format_size(std::uint64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  std::size_t i = 0;
  while (i + 1 < std::size(units) && v >= 1024) {
    v /= 1024;
    ++i;
  }
  if (i == 0) return std::to_string(bytes) + " B";
  char buf[32];
  // Write sizes are usually powers of two: "64 KiB", not "64.0 KiB".
  std::snprintf(buf, sizeof buf, v == std::floor(v) ? "%.0f %s" : "%.3g %s", v, units[i]);
  return buf;
}

}  // namespace connectspec
