// The bench origin as a child process (`connectspec bench-origin`): started, its announced port
// read (bounded), and ended when this object goes (its stdin closes; SIGKILL as a backstop).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <variant>

#include "net/endpoint.hpp"

namespace connectspec::bench {

class OriginProcess {
 public:
  virtual ~OriginProcess() = default;
  virtual Endpoint endpoint() const = 0;
};

using StartedOrigin = std::variant<std::unique_ptr<OriginProcess>, std::string>;

// port 0: any free port. Waits at most `limit` for the child to announce its port.
boost::asio::awaitable<StartedOrigin> start_origin_process(unsigned short port, int chunk_bytes,
                                                           std::chrono::milliseconds limit);

}  // namespace connectspec::bench
