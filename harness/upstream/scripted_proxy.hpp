// The proxy of a client case: connectspec plays it, scripted by the case's [[replies]], and the
// client under test talks to it. It records each request head verbatim, on which connection it
// came and what the client sent before and after the reply; it answers with the first reply
// whose condition fits (with or without the case's credentials): interim 1xx heads, any status
// line and fields, a body in any framing, bytes in the same write, the head a few bytes at a
// time; then it tunnels every 2xx to the case's origin, whatever the CONNECT named (so
// `https://localhost/` reaches the origin without anything listening on 443), keeps the
// connection for the next request, closes, resets or goes silent. Every byte of the
// client<->proxy leg goes to the case's transcript.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "model/upstream_script.hpp"
#include "net/endpoint.hpp"
#include "trace/case_trace.hpp"

namespace connectspec {

class ScriptedProxy {
 public:
  // `credentials`: the whole Proxy-Authorization values ("Basic ...") of which a request must
  // carry one to be authorized; none when the case gives the client none.
  ScriptedProxy(asio::any_io_executor ex, std::vector<UpstreamScript> replies, asio::ip::tcp::endpoint tunnel_to,
                std::vector<std::string> credentials, CaseTracePtr trace);
  ~ScriptedProxy();

  Endpoint start();  // listens on 127.0.0.1, ephemeral port
  void stop();

  struct Request {
    std::string head;          // verbatim, up to and including the blank line
    int connection = 0;        // 1-based, in accept order
    Clock::time_point at;
    int reply = 0;             // 1-based index of the reply given; 0: none fitted (a 500 was sent)
    bool tunnelled = false;    // the reply opened a tunnel
    std::string before_reply;  // bytes after the head, received before the reply was sent
    std::string after_reply;   // bytes received after a reply that opened no tunnel (close, silent)
  };
  const std::vector<Request>& requests() const { return requests_; }
  int connections() const { return connections_; }
  int active() const { return active_; }  // connections still being served

 private:
  using Socket = std::shared_ptr<asio::ip::tcp::socket>;
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(Socket client, int connection);
  asio::awaitable<void> write_reply(Socket client, const UpstreamScript& s, const std::string& leg);
  asio::awaitable<void> wait_recording(Socket client, int ms, std::size_t request, const std::string& leg);
  asio::awaitable<void> read_recording(Socket client, std::chrono::milliseconds bound, std::size_t request,
                                       const std::string& leg);
  asio::awaitable<void> tunnel(Socket client, std::string pending, const std::string& leg);
  const UpstreamScript* reply_for(const std::string& head, int& index) const;

  asio::any_io_executor ex_;
  asio::ip::tcp::acceptor acceptor_;
  std::vector<UpstreamScript> replies_;
  asio::ip::tcp::endpoint tunnel_to_;
  std::vector<std::string> credentials_;
  CaseTracePtr trace_;
  std::vector<Request> requests_;
  int connections_ = 0;
  int active_ = 0;
  std::list<std::weak_ptr<asio::ip::tcp::socket>> open_;
};

}  // namespace connectspec
