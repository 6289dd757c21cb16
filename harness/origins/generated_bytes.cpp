#include "origins/generated_bytes.hpp"

namespace connectspec {

namespace {

// splitmix64: tiny, fast, and well distributed over all 64 bits, so every byte value shows up.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::string generated_bytes(std::uint64_t size, std::uint64_t seed) {
  std::string out(size, '\0');
  std::uint64_t state = seed;
  std::uint64_t i = 0;
  while (i < size) {
    std::uint64_t word = splitmix64(state);
    // Bytes are taken least significant first, explicitly, so the result does not depend on
    // the platform's endianness.
    for (int b = 0; b < 8 && i < size; ++b, ++i) {
      out[i] = static_cast<char>(static_cast<unsigned char>(word >> (8 * b)));
    }
  }
  return out;
}

}  // namespace connectspec
