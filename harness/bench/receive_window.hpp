// Throughput as the receiving end counts it: bytes after the warm-up, over the time from the end
// of the warm-up to the last byte. Counting where bytes arrive (not where they are written) leaves
// out what still sits in socket buffers when the sender stops.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace connectspec::bench {

class ReceiveWindow {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ReceiveWindow(std::chrono::milliseconds warmup) : warmup_(warmup) {}

  void on_bytes(std::uint64_t n, Clock::time_point now) {
    if (!first_) first_ = now;
    if (!mark_ && now - *first_ >= warmup_) {
      mark_ = now;
      at_mark_ = total_;
    }
    total_ += n;
    last_ = now;
  }

  bool warmed_up() const { return mark_.has_value(); }
  std::uint64_t total() const { return total_; }
  // After the warm-up: the bytes and the seconds they took (0 when the warm-up never ended).
  std::uint64_t measured_bytes() const { return mark_ ? total_ - at_mark_ : 0; }
  double measured_seconds() const { return mark_ ? std::chrono::duration<double>(last_ - *mark_).count() : 0; }
  std::optional<Clock::time_point> first() const { return first_; }

 private:
  std::chrono::milliseconds warmup_;
  std::optional<Clock::time_point> first_, mark_;
  Clock::time_point last_{};
  std::uint64_t total_ = 0, at_mark_ = 0;
};

}  // namespace connectspec::bench
