// How a bench's figures read for people, the same in the console, the HTML pages and compare's
// views: three significant digits, decimal units for rates (as network speeds are quoted),
// binary ones for write sizes.
#pragma once

#include <cstdint>
#include <string>

namespace connectspec {

std::string format_byte_rate(double bytes_per_second);   // "1.52 GB/s", "980 kB/s"
std::string format_bit_rate(double bytes_per_second);    // "12.2 Gbit/s", "7.84 Mbit/s"
std::string format_throughput(double bytes_per_second);  // "1.52 GB/s (12.2 Gbit/s)"
std::string format_per_second(double per_second);        // "12,345/s", "85.3/s"
std::string format_ms(double ms);                        // "0.81 ms", "12.3 ms", "1,234 ms"
std::string format_seconds(double seconds);              // "850 ms", "1.23 s"
std::string format_size(std::uint64_t bytes);            // "64 KiB", "1.5 MiB", "100 B"
std::string format_count(std::uint64_t n);              // "12,345"

}  // namespace connectspec
