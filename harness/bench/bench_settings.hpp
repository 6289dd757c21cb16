// How `connectspec bench` measures: what, for how long, how many at once. Every loop of the bench
// is bounded by these times (scaled by timeout_scale where they are limits, not measurements).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <string>

#include "model/protocol.hpp"
#include "net/endpoint.hpp"

namespace connectspec::bench {

struct BenchSettings {
  bool run_setup = true, run_throughput = true, run_hold = true;  // --only picks some
  int concurrency = 32;          // setup: CONNECTs in flight
  int connections = 4;           // setup over HTTP/2: the connections those CONNECT streams share
  int tunnels = 8;               // throughput: the "several tunnels" count
  int hold = 5000;               // tunnels held open at once
  int hold_in_flight = 64;       // hold: CONNECTs being answered at once while opening
  int budget_ms = 2000;          // measured time, per measurement
  int warmup_ms = 500;           // before measuring, per measurement
  int chunk_bytes = 256 * 1024;  // one write of a throughput sender
  double timeout_scale = 1.0;

  // One CONNECT (or one ping) that takes longer than this has failed.
  std::chrono::milliseconds op_timeout() const { return scaled(5000); }
  std::chrono::milliseconds scaled(int ms) const {
    return std::chrono::milliseconds(static_cast<long long>(ms * timeout_scale));
  }
};

// Where the bench's traffic goes.
struct BenchTarget {
  enum class Mode { proxy, direct, relay } mode = Mode::proxy;
  Endpoint connect_to;           // the proxy, the relay, or (direct) the origin itself
  Endpoint origin;               // the bench origin: the CONNECT target in proxy mode
  std::string implementation;    // for the report
  Protocol protocol = Protocol::http1;            // proxy mode: what the bench speaks to it
  boost::asio::ssl::context* tls = nullptr;       // h2: trusts the certificate the launched proxy serves
};

std::string_view to_string(BenchTarget::Mode);

}  // namespace connectspec::bench
