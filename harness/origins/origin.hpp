// A built-in origin server: listens on an ephemeral loopback port for the duration of one case,
// behaves as its kind says, and records everything it received so cases can check the
// proxy<->origin leg, not just what the client saw.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trace/case_trace.hpp"
#include "model/case.hpp"

namespace boost::asio::ssl { class context; }

namespace connectspec {

// What one accepted connection saw. `received` holds every byte (not capped), for exact checks.
struct OriginConnection {
  int index = 0;               // 1-based, in accept order
  asio::ip::tcp::endpoint local;  // the listener it arrived on (a trap listens on several ports)
  std::string received;
  std::uint64_t sent = 0;
  bool eof = false;            // the proxy half-closed or closed its side cleanly
  bool reset = false;          // read failed with an error other than EOF
  bool tls_established = false;  // tls-echo: the handshake completed
};

class Origin {
 public:
  virtual ~Origin() = default;

  // Binds and starts accepting. Throws std::runtime_error when the port cannot be bound.
  virtual void start() = 0;
  // Closes the listener and every connection; pending coroutines then finish on their own.
  virtual void stop() = 0;

  virtual asio::ip::tcp::endpoint endpoint() const = 0;
  virtual const OriginSpec& spec() const = 0;
  virtual int accepted() const = 0;
  virtual const std::vector<std::shared_ptr<OriginConnection>>& connections() const = 0;
  // What of it could not be set up, for every report on it; empty when it is complete. A trap
  // whose ports under 1024 cannot be bound says so here ("traps on 443, 80 not armed: binding
  // needs root") and still runs: a case is never failed for it.
  virtual std::string arming_note() const { return {}; }
};

// Every state change (accept, bytes, EOF) is written to trace->log under the leg "origin NAME#N"
// and wakes trace->changed. `tls` is needed only by tls-echo origins.
std::shared_ptr<Origin> make_origin(asio::io_context& io, const OriginSpec& spec,
                                    CaseTracePtr trace, asio::ssl::context* tls);

}  // namespace connectspec
