// The proxy under test as the suite runner sees it: one instance per variant (plain, with auth,
// with an upstream, with a port policy) and lane (launch/instance_lane.hpp), each started the
// first time a case needs it, shared by every case that needs it, and restarted once if it dies.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "launch/instance_lane.hpp"
#include "launch/proxy_under_test.hpp"
#include "profile/profile.hpp"

namespace connectspec {

class ProxyInstances {
 public:
  using Made = std::variant<std::unique_ptr<ProxyUnderTest>, std::string>;  // an instance, or why not
  using Factory = std::function<asio::awaitable<Made>(Variant, Lane)>;

  // `separate_lanes`: the factory makes a process per lane (a launched profile). False for a proxy
  // connectspec attached to, which is one process whatever the lane.
  ProxyInstances(asio::any_io_executor ex, std::string implementation, std::vector<std::string> capabilities,
                 Factory make, bool separate_lanes);

  const std::string& implementation() const { return implementation_; }
  const std::vector<std::string>& capabilities() const { return capabilities_; }
  bool has_capability(std::string_view c) const;
  bool separate_lanes() const { return separate_lanes_; }

  // The running instance of a variant: made and started on first need, restarted if it died.
  // Returns nullptr and sets `why` (with the proxy's own output) when it cannot run.
  asio::awaitable<ProxyUnderTest*> ready(Variant v, std::string& why, Lane lane = Lane::shared);
  // True when some variant could not be started (the run then exits 3).
  bool launch_failed() const { return launch_failed_; }

  // Stops every instance; from then on none is started or restarted (ready() says why).
  asio::awaitable<void> stop_all();

 private:
  struct Slot {
    std::unique_ptr<ProxyUnderTest> proxy;
    bool busy = false;                  // being made or (re)started by one worker; others wait
    std::optional<std::string> failed;  // made once and failed: not tried again
  };

  asio::any_io_executor ex_;
  std::string implementation_;
  std::vector<std::string> capabilities_;
  Factory make_;
  bool separate_lanes_;
  std::map<std::pair<Variant, Lane>, Slot> slots_;
  Notifier changed_;
  bool launch_failed_ = false;
  bool stopped_ = false;
};

}  // namespace connectspec
