#include "upstream/scripted_proxy.hpp"

#include <array>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "http/head_fields.hpp"
#include "http/response_head.hpp"
#include "upstream/next_proxy_limits.hpp"
#include "upstream/script_timing.hpp"

namespace connectspec {

using namespace asio::experimental::awaitable_operators;
using tcp = asio::ip::tcp;

namespace {

using namespace script_timing;  // a silent client is killed long before kSilenceBound
constexpr int kMaxRequestsPerConnection = 20;
constexpr std::size_t kMaxRecordedPerClientLeg = 1u << 20;
// Connections one case accepts. No case needs more than a few; a client that reconnects in a loop
// (node's undici after a 1xx: ~25,000 in 15 s) would otherwise make the transcript and the reports
// unbounded. After the last, the proxy stops listening: further connects are refused.
constexpr int kMaxConnections = 64;

}  // namespace

ScriptedProxy::ScriptedProxy(asio::any_io_executor ex, std::vector<UpstreamScript> replies, tcp::endpoint tunnel_to,
                             std::vector<std::string> credentials, CaseTracePtr trace)
    : ex_(ex), acceptor_(ex), replies_(std::move(replies)), tunnel_to_(tunnel_to),
      credentials_(std::move(credentials)), trace_(std::move(trace)) {}

ScriptedProxy::~ScriptedProxy() { stop(); }

Endpoint ScriptedProxy::start() {
  tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(at.protocol());
  acceptor_.bind(at);
  acceptor_.listen();
  asio::co_spawn(ex_, accept_loop(), asio::detached);
  return {"127.0.0.1", acceptor_.local_endpoint().port()};
}

void ScriptedProxy::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (auto& w : open_)
    if (auto s = w.lock()) s->close(ignored);
  open_.clear();
}

asio::awaitable<void> ScriptedProxy::accept_loop() {
  while (acceptor_.is_open()) {
    auto [ec, sock] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    auto client = std::make_shared<tcp::socket>(std::move(sock));
    open_.remove_if([](const auto& w) { return w.expired(); });
    open_.push_back(client);
    ++active_;
    asio::co_spawn(ex_, serve(client, ++connections_), [this, trace = trace_](std::exception_ptr) {
      --active_;
      trace->changed.notify_all();
    });
    if (connections_ >= kMaxConnections) {
      trace_->log.note("proxy", "the client opened " + std::to_string(kMaxConnections) +
                                    " connections; connectspec stops listening (further connects are refused)");
      boost::system::error_code ignored;
      acceptor_.close(ignored);
    }
  }
}

// The first reply that fits: `authorized` compares the request's Proxy-Authorization with each
// of the case's credentials (the scheme case-insensitively, RFC 9110 §11.1).
const UpstreamScript* ScriptedProxy::reply_for(const std::string& head, int& index) const {
  auto given = field_values(head, "Proxy-Authorization");
  bool authorized = false;
  if (given.size() == 1) {
    const std::string& v = given.front();
    const auto sp = v.find(' ');
    for (const auto& want : credentials_) {
      const auto want_sp = want.find(' ');
      authorized = authorized || (sp != std::string::npos && iequals(v.substr(0, sp), want.substr(0, want_sp)) &&
                                  v.substr(v.find_first_not_of(' ', sp)) == want.substr(want_sp + 1));
    }
  }
  for (std::size_t i = 0; i < replies_.size(); ++i)
    if (!replies_[i].authorized || *replies_[i].authorized == authorized) {
      index = static_cast<int>(i) + 1;
      return &replies_[i];
    }
  index = 0;
  return nullptr;
}

asio::awaitable<void> ScriptedProxy::serve(Socket client, int connection) {
  const std::string leg = connection == 1 ? "client" : "client#" + std::to_string(connection);
  trace_->log.event(leg, false, WireEvent::Kind::accept);
  std::string in;
  std::array<char, 4096> buf;
  for (int served = 0; served < kMaxRequestsPerConnection; ++served) {
    // One request head, bounded in size and time; what follows it stays in `in`.
    asio::steady_timer head_limit(ex_, kNextProxyHeadTimeout);
    std::size_t end = in.find("\r\n\r\n");
    bool closed = false;
    while (end == std::string::npos && in.size() < kNextProxyMaxHead) {
      auto r = co_await (client->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable)) ||
                         head_limit.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (r.index() == 1) {
        trace_->log.note(leg, "no complete request within 10 s: connectspec closes");
        co_return;
      }
      auto [ec, n] = std::get<0>(r);
      if (n > 0) trace_->log.data(leg, false, std::string_view(buf.data(), n));
      in.append(buf.data(), n);
      end = in.find("\r\n\r\n");
      if (ec) {
        trace_->log.event(leg, false, ec == asio::error::eof ? WireEvent::Kind::eof : WireEvent::Kind::reset);
        closed = true;
        break;
      }
    }
    if (end == std::string::npos) {
      if (!in.empty()) trace_->log.note(leg, "an incomplete request head: no reply");
      co_return;
    }
    Request req;
    req.head = in.substr(0, end + 4);
    req.connection = connection;
    req.at = Clock::now();
    req.before_reply = in.substr(end + 4);
    in.clear();
    const UpstreamScript* reply = reply_for(req.head, req.reply);
    requests_.push_back(std::move(req));
    const std::size_t index = requests_.size() - 1;
    trace_->changed.notify_all();
    if (!reply) {
      trace_->log.note(leg, "no [[replies]] entry fits this request: connectspec answers 500 and closes");
      std::string_view answer = "HTTP/1.1 500 No Scripted Reply\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      co_await asio::async_write(*client, asio::buffer(answer), asio::as_tuple(asio::use_awaitable));
      trace_->log.data(leg, true, answer);
      co_return;
    }
    if (closed) co_return;
    co_await wait_recording(client, reply->delay_ms, index, leg);
    if (reply->then == UpstreamScript::Then::tunnel) {
      requests_[index].tunnelled = true;
      co_await write_reply(client, *reply, leg);
      co_await tunnel(client, requests_[index].before_reply, leg);
      co_return;
    }
    co_await write_reply(client, *reply, leg);
    boost::system::error_code ignored;
    switch (reply->then) {
      case UpstreamScript::Then::keep:
        // The bytes that came after the head are the start of the client's next request.
        in = requests_[index].before_reply;
        continue;
      case UpstreamScript::Then::reset:
        trace_->log.event(leg, true, WireEvent::Kind::reset);
        client->set_option(asio::socket_base::linger(true, 0), ignored);
        client->close(ignored);
        co_return;
      case UpstreamScript::Then::silent:
        co_await read_recording(client, kSilenceBound, index, leg);
        co_return;
      default:
        trace_->log.event(leg, true, WireEvent::Kind::eof);
        client->shutdown(tcp::socket::shutdown_send, ignored);
        co_await read_recording(client, kDrainAfterClose, index, leg);
        client->close(ignored);
        co_return;
    }
  }
  trace_->log.note(leg, std::to_string(kMaxRequestsPerConnection) + " requests on one connection: connectspec closes");
}

asio::awaitable<void> ScriptedProxy::write_reply(Socket client, const UpstreamScript& s, const std::string& leg) {
  std::string bytes = s.response_bytes();
  const std::size_t step = s.chunk_size > 0 ? s.chunk_size : bytes.size();
  for (std::size_t at = 0; at < bytes.size(); at += step) {
    std::string_view piece = std::string_view(bytes).substr(at, step);
    auto [ec, n] = co_await asio::async_write(*client, asio::buffer(piece), asio::as_tuple(asio::use_awaitable));
    if (n > 0) trace_->log.data(leg, true, piece.substr(0, n));
    if (ec) co_return;
    if (s.gap_ms > 0 && at + step < bytes.size()) {
      asio::steady_timer gap(ex_, std::chrono::milliseconds(s.gap_ms));
      co_await gap.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
}

// Waits `ms` without an outstanding read, so no byte is lost to a cancelled one: what is readable
// at each tick is recorded as received before the reply.
asio::awaitable<void> ScriptedProxy::wait_recording(Socket client, int ms, std::size_t request, const std::string& leg) {
  auto until = Clock::now() + std::chrono::milliseconds(ms);
  std::array<char, 4096> buf;
  for (;;) {
    boost::system::error_code ec;
    while (client->is_open() && client->available(ec) > 0 && !ec) {
      auto& kept = requests_[request].before_reply;
      std::size_t n = client->read_some(asio::buffer(buf), ec);  // readable now: does not block
      trace_->log.data(leg, false, std::string_view(buf.data(), n));
      if (kept.size() < kMaxRecordedPerClientLeg) kept.append(buf.data(), n);
      if (ec) break;
    }
    if (Clock::now() >= until || !client->is_open()) co_return;
    asio::steady_timer tick(ex_, std::min<Clock::duration>(kPollTick, until - Clock::now()));
    co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> ScriptedProxy::read_recording(Socket client, std::chrono::milliseconds bound, std::size_t request,
                                                    const std::string& leg) {
  asio::steady_timer limit(ex_, bound);
  std::array<char, 4096> buf;
  for (;;) {
    auto r = co_await (client->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable)) ||
                       limit.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 1) co_return;
    auto [ec, n] = std::get<0>(r);
    if (n > 0) trace_->log.data(leg, false, std::string_view(buf.data(), n));
    auto& kept = requests_[request].after_reply;
    if (kept.size() < kMaxRecordedPerClientLeg) kept.append(buf.data(), n);
    if (ec) {
      trace_->log.event(leg, false, ec == asio::error::eof ? WireEvent::Kind::eof : WireEvent::Kind::reset);
      co_return;
    }
  }
}

namespace {

// One direction of the tunnel until EOF, then a half-close of the other side. `log_leg` is
// where the client's side of it is written (empty: the origin side, which the origin records).
asio::awaitable<void> pump(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to, CaseTracePtr trace,
                           std::string leg, bool from_proxy) {
  std::array<char, 16384> buf;
  for (;;) {
    auto [ec, n] = co_await from->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (n > 0) {
      trace->log.data(leg, from_proxy, std::string_view(buf.data(), n));
      auto [wec, wn] = co_await asio::async_write(*to, asio::buffer(buf.data(), n), asio::as_tuple(asio::use_awaitable));
      if (wec) break;
    }
    if (ec) {
      if (!from_proxy) trace->log.event(leg, false, ec == asio::error::eof ? WireEvent::Kind::eof : WireEvent::Kind::reset);
      break;
    }
  }
  boost::system::error_code ignored;
  to->shutdown(tcp::socket::shutdown_send, ignored);
  if (from_proxy) trace->log.event(leg, true, WireEvent::Kind::eof);
}

}  // namespace

asio::awaitable<void> ScriptedProxy::tunnel(Socket client, std::string pending, const std::string& leg) {
  auto origin = std::make_shared<tcp::socket>(ex_);
  open_.push_back(origin);
  asio::steady_timer dial_limit(ex_, kNextProxyDialTimeout);
  auto d = co_await (origin->async_connect(tunnel_to_, asio::as_tuple(asio::use_awaitable)) ||
                     dial_limit.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (d.index() == 1 || std::get<0>(std::get<0>(d))) {
    trace_->log.note(leg, "connectspec could not reach its own origin for the tunnel: closing");
    co_return;
  }
  if (!pending.empty()) co_await asio::async_write(*origin, asio::buffer(pending), asio::as_tuple(asio::use_awaitable));
  co_await (pump(client, origin, trace_, leg, false) && pump(origin, client, trace_, leg, true));
}

}  // namespace connectspec
