#include "upstream/forwarding_upstream.hpp"

#include <array>
#include <optional>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "net/endpoint.hpp"
#include "upstream/next_proxy_limits.hpp"

namespace connectspec {

using namespace asio::experimental::awaitable_operators;
using tcp = asio::ip::tcp;

namespace {

// Copies one direction until EOF, then half-closes the other side, so a half-close passes through.
asio::awaitable<void> pump(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to) {
  std::array<char, 16384> buf;
  for (;;) {
    auto [ec, n] = co_await from->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (n > 0) {
      auto [wec, wn] = co_await asio::async_write(*to, asio::buffer(buf.data(), n), asio::as_tuple(asio::use_awaitable));
      if (wec) break;
    }
    if (ec) break;
  }
  boost::system::error_code ignored;
  to->shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> answer(tcp::socket& s, std::string response) {
  co_await asio::async_write(s, asio::buffer(response), asio::as_tuple(asio::use_awaitable));
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

ForwardingUpstream::ForwardingUpstream(asio::any_io_executor ex) : ex_(ex), acceptor_(ex) {}
ForwardingUpstream::~ForwardingUpstream() { stop(); }

Endpoint ForwardingUpstream::start() {
  if (acceptor_.is_open()) return ep_;
  tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(at.protocol());
  acceptor_.bind(at);
  acceptor_.listen();
  ep_ = {"127.0.0.1", acceptor_.local_endpoint().port()};
  asio::co_spawn(ex_, accept_loop(), asio::detached);
  return ep_;
}

void ForwardingUpstream::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (auto& w : open_)
    if (auto s = w.lock()) s->close(ignored);
  open_.clear();
}

void ForwardingUpstream::script(const std::string& authority, UpstreamScript s) { scripts_[authority] = std::move(s); }
void ForwardingUpstream::unscript(const std::string& authority) { scripts_.erase(authority); }

std::vector<std::string> ForwardingUpstream::heads_for(const std::string& authority) const {
  std::vector<std::string> out;
  for (const auto& r : received_for(authority)) out.push_back(r.head);
  return out;
}

void ForwardingUpstream::claim(const std::string& authority) { claimed_[authority] = Clock::now(); }

bool ForwardingUpstream::since_claim(const std::string& authority, Clock::time_point at) const {
  auto claimed = claimed_.find(authority);
  return claimed == claimed_.end() || at >= claimed->second;
}

std::vector<ForwardingUpstream::Tunnelled> ForwardingUpstream::tunnelled_for(const std::string& authority) const {
  std::vector<Tunnelled> out;
  for (const auto& [named, t] : tunnelled_)
    if (named == authority && since_claim(authority, t.at)) out.push_back(t);
  return out;
}

std::vector<std::string> ForwardingUpstream::authorities() const {
  std::vector<std::string> out;
  for (const auto& [authority, received] : heads_) out.push_back(authority);
  return out;
}

std::vector<ForwardingUpstream::Received> ForwardingUpstream::received_for(const std::string& authority) const {
  auto it = heads_.find(authority);
  if (it == heads_.end()) return {};
  std::vector<Received> out;
  for (const auto& r : it->second)
    if (since_claim(authority, r.at)) out.push_back(r);
  return out;
}

asio::awaitable<void> ForwardingUpstream::accept_loop() {
  while (acceptor_.is_open()) {
    auto [ec, sock] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    auto client = std::make_shared<tcp::socket>(std::move(sock));
    open_.remove_if([](const auto& w) { return w.expired(); });
    open_.push_back(client);
    asio::co_spawn(ex_, serve(client, ++accepted_), asio::detached);
  }
}

asio::awaitable<void> ForwardingUpstream::pump_watching(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to,
                                                        int connection, std::string opened_for) {
  // The bytes are the tunnel's and go to the origin unchanged; the first kWatched of them are
  // also searched for a request head starting a line or a read: "CONNECT " up to a blank line.
  constexpr std::size_t kWatched = 64 * 1024;
  std::string watched;
  std::size_t scanned_to = 0;  // where the next search for "CONNECT " starts
  std::set<std::size_t> starts;  // offsets in `watched` where a read began
  std::array<char, 16384> buf;
  for (;;) {
    auto [ec, n] = co_await from->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (n > 0) {
      if (watched.size() < kWatched) {
        starts.insert(watched.size());  // a head written on its own starts a read, whatever came before
        watched.append(buf.data(), std::min(n, kWatched - watched.size()));
        for (;;) {
          auto p = watched.find("CONNECT ", scanned_to);
          while (p != std::string::npos && p > 0 && watched[p - 1] != '\n' && !starts.contains(p)) p = watched.find("CONNECT ", p + 1);
          if (p == std::string::npos) break;
          auto e = watched.find("\r\n\r\n", p);
          if (e == std::string::npos) {
            scanned_to = p;  // the head may still be arriving
            break;
          }
          std::string head = watched.substr(p, e + 4 - p);
          auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
          std::string named = head.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1);
          tunnelled_.push_back({named, {head, Clock::now(), connection, opened_for}});
          scanned_to = e + 4;
        }
      }
      auto [wec, wn] = co_await asio::async_write(*to, asio::buffer(buf.data(), n), asio::as_tuple(asio::use_awaitable));
      if (wec) break;
    }
    if (ec) break;
  }
  boost::system::error_code ignored;
  to->shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> ForwardingUpstream::serve(std::shared_ptr<tcp::socket> client, int connection) {
  // The head, bounded in size and time.
  std::string in;
  std::array<char, 4096> buf;
  asio::steady_timer head_limit(ex_, kNextProxyHeadTimeout);
  std::size_t end = std::string::npos;
  while (end == std::string::npos && in.size() < kNextProxyMaxHead) {
    auto r = co_await (client->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable)) ||
                       head_limit.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 1) co_return;
    auto [ec, n] = std::get<0>(r);
    in.append(buf.data(), n);
    end = in.find("\r\n\r\n");
    if (ec) break;
  }
  if (end == std::string::npos) co_return;
  std::string head = in.substr(0, end + 4);
  std::string rest = in.substr(end + 4);
  auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
  std::string method = head.substr(0, sp1);
  std::string authority = sp1 == std::string::npos ? "" : head.substr(sp1 + 1, sp2 - sp1 - 1);
  heads_[authority].push_back({head, Clock::now(), rest, {}, connection});
  const std::size_t index = heads_[authority].size() - 1;
  std::optional<UpstreamScript> scripted;
  if (auto it = scripts_.find(authority); it != scripts_.end()) scripted = it->second;
  if (method != "CONNECT") {
    co_await answer(*client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }
  // Only the run's own loopback origins: the upstream must never become an open relay.
  std::string err;
  auto target = parse_host_port(authority, err);
  if (!target || !is_loopback_host(target->host)) {
    co_await answer(*client, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }
  if (scripted && scripted->then != UpstreamScript::Then::tunnel) {
    co_await play_without_tunnel(client, *scripted, authority, index);
    co_return;
  }
  auto origin = std::make_shared<tcp::socket>(ex_);
  open_.push_back(origin);
  asio::steady_timer dial_limit(ex_, kNextProxyDialTimeout);
  auto host = target->host == "localhost" ? std::string("127.0.0.1") : target->host;
  auto d = co_await (origin->async_connect(tcp::endpoint(asio::ip::make_address(host), target->port),
                                           asio::as_tuple(asio::use_awaitable)) ||
                     dial_limit.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (d.index() == 1 || std::get<0>(std::get<0>(d))) {
    co_await answer(*client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }
  std::string ok = "HTTP/1.1 200 Connection Established\r\n\r\n";
  if (scripted) {
    // Scripted 2xx: what the proxy sends while the upstream waits is recorded, then tunnelled.
    co_await wait_recording(client, scripted->delay_ms, authority, index);
    ok = scripted->response_bytes();
    rest = record(authority, index).before_reply;
  }
  auto [wec, wn] = co_await asio::async_write(*client, asio::buffer(ok), asio::as_tuple(asio::use_awaitable));
  if (wec) co_return;
  if (!rest.empty()) co_await asio::async_write(*origin, asio::buffer(rest), asio::as_tuple(asio::use_awaitable));
  co_await (pump_watching(client, origin, connection, authority) && pump(origin, client));
}

}  // namespace connectspec
