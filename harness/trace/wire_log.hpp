// The two-leg transcript of one case: every byte and connection event on client<->proxy and
// proxy<->origin, time-stamped from the case start. Bytes are kept up to a cap per leg and
// direction so a 1 MiB transfer stays a readable report; sizes are always exact.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trace/notifier.hpp"
#include "trace/stream_digest.hpp"
#include "model/result.hpp"

namespace connectspec {

class WireLog {
 public:
  static constexpr std::size_t kBytesKeptPerDirection = 4 * 1024;

  WireLog() : start_(Clock::now()) {}

  void data(const std::string& leg, bool from_proxy, std::string_view bytes);
  void event(const std::string& leg, bool from_proxy, WireEvent::Kind kind);
  void note(const std::string& leg, std::string text);
  // One HTTP/2 frame on the leg: its description (see h2::describe) and its size on the wire.
  void frame(const std::string& leg, bool from_proxy, std::string description, std::size_t size);
  // Bytes seen by another party at an earlier moment (the upstream's record), put in time order.
  void data_at(const std::string& leg, bool from_proxy, std::string_view bytes, Clock::time_point when);

  double elapsed_ms() const;
  const std::vector<WireEvent>& events() const { return events_; }
  std::vector<WireEvent> take() { return std::move(events_); }
  // One summary per leg and direction that carried data, in the order they first did.
  std::vector<StreamSummary> streams() const;

 private:
  std::size_t keep_bytes(const std::string& leg, bool from_proxy, std::size_t size);  // within the cap
  void digest(const std::string& leg, bool from_proxy, std::string_view bytes);
  WireEvent data_event(const std::string& leg, bool from_proxy, std::string_view bytes, double t_ms);

  Clock::time_point start_;
  std::vector<WireEvent> events_;
  std::map<std::pair<std::string, bool>, std::size_t> kept_;  // bytes kept per (leg, direction)
  std::vector<std::pair<std::pair<std::string, bool>, StreamDigest>> digests_;
};

}  // namespace connectspec
