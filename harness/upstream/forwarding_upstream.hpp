// The built-in next proxy of the `upstream` variant: the proxy under test is configured to
// forward CONNECT here. It records each forwarded request head under the authority it asks for
// (every case's origins have their own ports, so cases running in parallel never share one),
// then really tunnels to that loopback origin, so the case's origin checks still apply.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casefile/placeholders.hpp"
#include "engine/notifier.hpp"

namespace connectspec {

class ForwardingUpstream {
 public:
  explicit ForwardingUpstream(asio::any_io_executor ex);
  ~ForwardingUpstream();

  // Starts listening on 127.0.0.1 (once; later calls return the same endpoint).
  Endpoint start();
  void stop();
  bool started() const { return acceptor_.is_open(); }

  struct Received {
    std::string head;          // verbatim, up to and including the blank line
    Clock::time_point at;      // when it was complete
  };

  // The request heads received for CONNECT `authority`, in arrival order, verbatim.
  std::vector<std::string> heads_for(const std::string& authority) const;
  const std::vector<Received>& received_for(const std::string& authority) const;

 private:
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<asio::ip::tcp::socket> client);

  asio::any_io_executor ex_;
  asio::ip::tcp::acceptor acceptor_;
  Endpoint ep_;
  std::map<std::string, std::vector<Received>> heads_;
  std::list<std::weak_ptr<asio::ip::tcp::socket>> open_;
};

}  // namespace connectspec
