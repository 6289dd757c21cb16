#include "launch/proxy_instances.hpp"

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace connectspec {
namespace {

asio::awaitable<void> stop_one(ProxyUnderTest* proxy, int& left, Notifier& done) {
  co_await proxy->stop();
  --left;
  done.notify_all();
}

}  // namespace

ProxyInstances::ProxyInstances(asio::any_io_executor ex, std::string implementation,
                               std::vector<std::string> capabilities, Factory make, bool separate_lanes)
    : ex_(ex), implementation_(std::move(implementation)), capabilities_(std::move(capabilities)),
      make_(std::move(make)), separate_lanes_(separate_lanes), changed_(ex) {}

bool ProxyInstances::has_capability(std::string_view c) const {
  return std::find(capabilities_.begin(), capabilities_.end(), c) != capabilities_.end();
}

asio::awaitable<ProxyUnderTest*> ProxyInstances::ready(Variant v, std::string& why, Lane lane) {
  if (!separate_lanes_) lane = Lane::shared;
  Slot& slot = slots_[{v, lane}];
  // Each wait is bounded; the worker doing the start finishes within the proxy's ready timeout.
  while (slot.busy) co_await changed_.wait(Clock::now() + std::chrono::milliseconds(50));
  if (slot.failed && lane == Lane::slow) co_return co_await ready(v, why, Lane::shared);
  if (slot.failed) {
    why = *slot.failed;
    co_return nullptr;
  }
  if (stopped_) {
    why = "the proxy under test has been stopped";
    co_return nullptr;
  }
  if (slot.proxy && slot.proxy->alive()) co_return slot.proxy.get();
  slot.busy = true;
  std::optional<std::string> err;
  if (!slot.proxy) {
    Made made = co_await make_(v, lane);
    if (auto* e = std::get_if<std::string>(&made)) err = *e;
    else slot.proxy = std::move(std::get<0>(made));
  }
  if (!err) err = co_await slot.proxy->ensure_running();
  slot.busy = false;
  changed_.notify_all();
  if (err && lane == Lane::slow) {
    // A second process of the variant cannot run beside the first (a fixed port, a pid file):
    // the slow cases share the first instead, as they would with an attached proxy.
    slot.failed = *err;
    co_return co_await ready(v, why, Lane::shared);
  }
  if (err) {
    slot.failed = (v == Variant::plain ? "" : "the " + std::string(to_string(v)) + " variant: ") + *err;
    launch_failed_ = true;
    why = *slot.failed;
    co_return nullptr;
  }
  co_return slot.proxy.get();
}

// All at once: a proxy may take seconds to exit on its stop signal (squid: about 1.5 s with
// shutdown_lifetime 0), and a profile with four variants would otherwise wait four times that.
// Each stop is bounded (its grace, then SIGKILL), so the wait is too.
asio::awaitable<void> ProxyInstances::stop_all() {
  stopped_ = true;
  int left = 0;
  for (auto& [key, slot] : slots_) {
    if (!slot.proxy) continue;
    ++left;
    asio::co_spawn(ex_, stop_one(slot.proxy.get(), left, changed_), asio::detached);
  }
  while (left > 0) co_await changed_.wait(Clock::now() + std::chrono::milliseconds(50));
}

}  // namespace connectspec
