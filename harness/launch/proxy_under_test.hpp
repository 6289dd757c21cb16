// The proxy a run tests: one that is already running (--proxy) or one the harness launches and
// supervises (the reference proxy by default). The suite runner only sees this interface.
#pragma once

#include <functional>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/endpoint.hpp"
#include "trace/notifier.hpp"

namespace connectspec {

// Why a readiness probe found the proxy not ready. A final answer is one that waiting cannot change
// (the proxy does not speak the protocol the run asked for): the launch fails at once with it.
struct ProbeFailure {
  std::string why;
  bool final = false;
};

// Readiness beyond "the port accepts": returns why the proxy is not ready yet, or nothing.
using ReadinessProbe = std::function<asio::awaitable<std::optional<ProbeFailure>>(Endpoint)>;

class ProxyUnderTest {
 public:
  virtual ~ProxyUnderTest() = default;

  virtual std::string implementation() const = 0;  // "connectspec-refproxy 0.1.0", "127.0.0.1:3128"
  virtual Endpoint endpoint() const = 0;

  // Makes sure the proxy accepts connections: starts it, or restarts it after a crash.
  // Returns what went wrong (with the proxy's own output) when it cannot be started or reached.
  virtual asio::awaitable<std::optional<std::string>> ensure_running() = 0;

  // False once a launched proxy has exited. Attached proxies are not supervised.
  virtual bool alive() = 0;
  virtual int generation() const = 0;        // increases at every (re)start
  virtual std::string exit_description() = 0;  // "exited with status 1", "killed by signal 11"
  virtual std::string log_tail(std::size_t max_bytes) = 0;
  // Where each of its logs ends now (its output, then each log file); log_since(mark) returns
  // what was written after it: a case's own window of the logs (cases beside it may write too).
  // A proxy the harness did not launch has no logs: empty.
  using LogMark = std::vector<std::uintmax_t>;
  virtual LogMark log_mark() { return {}; }
  virtual std::string log_since(const LogMark& mark, std::size_t max_bytes) { return {}; }

  virtual asio::awaitable<void> stop() = 0;
};

// Waits until host:port accepts a TCP connection, or the deadline passes (then returns why).
// `still_worth_waiting` lets a launcher stop early when its process has exited.
asio::awaitable<std::optional<std::string>> wait_for_port(const Endpoint& ep, Clock::time_point deadline,
                                                          std::function<bool()> still_worth_waiting);

// `protocol_check`, when given, is run once, at the first ensure_running(): a final failure (the
// proxy does not speak the run's protocol) is returned as the reason it cannot be used.
std::unique_ptr<ProxyUnderTest> attach_proxy(asio::any_io_executor ex, Endpoint ep, double timeout_scale,
                                             ReadinessProbe protocol_check = {});

}  // namespace connectspec
