// The built-in next proxy of the `upstream` variant: the proxy under test is configured to
// forward CONNECT here. It records each forwarded request head under the authority it asks for
// (every case's origins have their own ports, so cases running in parallel never share one),
// then really tunnels to that loopback origin, so the case's origin checks still apply. A chain
// case can script how it answers one authority instead (scripted_reply.cpp): any status, fields,
// body and framing, bytes in the same write, then tunnel, close, reset or silence.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/endpoint.hpp"
#include "trace/notifier.hpp"
#include "model/upstream_script.hpp"

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
    std::string before_reply;  // bytes after the head, received before the upstream answered
    std::string after_reply;   // bytes received after an answer that did not open a tunnel
    int connection = 0;        // which of the upstream's accepted connections it came on (1, 2, ...)
  };
  // A request head that came through a tunnel this upstream had opened: a proxy that sends
  // another CONNECT on the connection that already carried one (a pooled, "kept-alive" tunnel).
  // It is relayed to the origin as the tunnel data it is, and recorded here under the authority
  // it names.
  struct Tunnelled {
    std::string head;
    Clock::time_point at;
    int connection = 0;        // the connection whose tunnel carried it
    std::string opened_for;    // the authority that connection's CONNECT named
  };

  // How CONNECTs for `authority` are answered from now on (until unscript); cases register
  // the scripts of their origins when they start and remove them when they end.
  void script(const std::string& authority, UpstreamScript s);
  void unscript(const std::string& authority);

  // A case's origin has this authority from now on: what was recorded for it before belongs to a
  // finished case whose origin had the same port, and is no longer reported (the upstream serves
  // every case of a run, and a freed port is handed out again).
  void claim(const std::string& authority);

  // The request heads received for CONNECT `authority` since it was last claimed, in arrival
  // order, verbatim.
  std::vector<std::string> heads_for(const std::string& authority) const;
  // Every request-target a forwarded head named, in order (e.g. "::1:443" from a proxy that
  // dropped the brackets).
  std::vector<std::string> authorities() const;
  std::vector<Received> received_for(const std::string& authority) const;
  // CONNECT heads for `authority` that arrived inside an open tunnel, in arrival order.
  std::vector<Tunnelled> tunnelled_for(const std::string& authority) const;

 private:
  bool since_claim(const std::string& authority, Clock::time_point at) const;  // recorded for the current case
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<asio::ip::tcp::socket> client, int connection);
  // Relays the proxy's tunnel bytes to the origin, watching them for a CONNECT head.
  asio::awaitable<void> pump_watching(std::shared_ptr<asio::ip::tcp::socket> from,
                                      std::shared_ptr<asio::ip::tcp::socket> to, int connection,
                                      std::string opened_for);
  // scripted_reply.cpp
  using Socket = std::shared_ptr<asio::ip::tcp::socket>;
  Received& record(const std::string& authority, std::size_t index) { return heads_[authority][index]; }
  asio::awaitable<void> wait_recording(Socket client, int ms, std::string authority, std::size_t index);
  asio::awaitable<void> play_without_tunnel(Socket client, UpstreamScript s, std::string authority, std::size_t index);
  asio::awaitable<void> read_until_end(Socket client, std::chrono::milliseconds bound, std::string authority,
                                       std::size_t index, bool after_reply);

  asio::any_io_executor ex_;
  asio::ip::tcp::acceptor acceptor_;
  Endpoint ep_;
  std::map<std::string, std::vector<Received>> heads_;
  std::map<std::string, UpstreamScript> scripts_;
  std::map<std::string, Clock::time_point> claimed_;  // by authority: records before this are another case's
  std::vector<std::pair<std::string, Tunnelled>> tunnelled_;  // by the authority the head names
  int accepted_ = 0;
  std::list<std::weak_ptr<asio::ip::tcp::socket>> open_;
};

}  // namespace connectspec
