#include "trace/wire_log.hpp"

#include <algorithm>

namespace connectspec {

double WireLog::elapsed_ms() const {
  return std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
}

std::size_t WireLog::keep_bytes(const std::string& leg, bool from_proxy, std::size_t size) {
  std::size_t& kept = kept_[{leg, from_proxy}];
  std::size_t keep = std::min(kept < kBytesKeptPerDirection ? kBytesKeptPerDirection - kept : 0, size);
  kept += keep;
  return keep;
}

void WireLog::digest(const std::string& leg, bool from_proxy, std::string_view bytes) {
  auto key = std::make_pair(leg, from_proxy);
  auto it = std::find_if(digests_.begin(), digests_.end(), [&](const auto& d) { return d.first == key; });
  if (it == digests_.end()) it = digests_.insert(digests_.end(), {key, StreamDigest()});
  it->second.add(bytes);
}

std::vector<StreamSummary> WireLog::streams() const {
  std::vector<StreamSummary> out;
  for (const auto& [key, d] : digests_) out.push_back(d.summary(key.first, key.second));
  return out;
}

WireEvent WireLog::data_event(const std::string& leg, bool from_proxy, std::string_view bytes, double t_ms) {
  digest(leg, from_proxy, bytes);
  std::size_t keep = keep_bytes(leg, from_proxy, bytes.size());
  WireEvent e;
  e.t_ms = t_ms;
  e.leg = leg;
  e.from_proxy = from_proxy;
  e.kind = WireEvent::Kind::data;
  e.size = bytes.size();
  e.bytes.assign(bytes.substr(0, keep));
  e.truncated = keep < bytes.size();
  return e;
}

void WireLog::data_at(const std::string& leg, bool from_proxy, std::string_view bytes, Clock::time_point when) {
  double t = std::max(0.0, std::chrono::duration<double, std::milli>(when - start_).count());
  auto at = std::upper_bound(events_.begin(), events_.end(), t, [](double v, const WireEvent& x) { return v < x.t_ms; });
  events_.insert(at, data_event(leg, from_proxy, bytes, t));
}

void WireLog::data(const std::string& leg, bool from_proxy, std::string_view bytes) {
  // Consecutive chunks in the same direction are merged: reads split at arbitrary places and
  // the split points carry no meaning for a reader of the transcript.
  if (!events_.empty()) {
    WireEvent& last = events_.back();
    if (last.kind == WireEvent::Kind::data && last.leg == leg && last.from_proxy == from_proxy) {
      digest(leg, from_proxy, bytes);
      std::size_t keep = keep_bytes(leg, from_proxy, bytes.size());
      last.size += bytes.size();
      last.bytes.append(bytes.substr(0, keep));
      last.truncated = last.bytes.size() < last.size;
      return;
    }
  }
  events_.push_back(data_event(leg, from_proxy, bytes, elapsed_ms()));
}

void WireLog::event(const std::string& leg, bool from_proxy, WireEvent::Kind kind) {
  WireEvent e;
  e.t_ms = elapsed_ms();
  e.leg = leg;
  e.from_proxy = from_proxy;
  e.kind = kind;
  events_.push_back(std::move(e));
}

void WireLog::note(const std::string& leg, std::string text) {
  WireEvent e;
  e.t_ms = elapsed_ms();
  e.leg = leg;
  e.kind = WireEvent::Kind::note;
  e.text = std::move(text);
  events_.push_back(std::move(e));
}

void WireLog::frame(const std::string& leg, bool from_proxy, std::string description, std::size_t size) {
  WireEvent e;
  e.t_ms = elapsed_ms();
  e.leg = leg;
  e.from_proxy = from_proxy;
  e.kind = WireEvent::Kind::frame;
  e.size = size;
  e.text = std::move(description);
  events_.push_back(std::move(e));
}

}  // namespace connectspec
