// The scripted side of the built-in upstream: waiting before an answer while recording what the
// proxy under test sends meanwhile, and the endings that open no tunnel (close, reset, silence).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "upstream/forwarding_upstream.hpp"
#include "upstream/script_timing.hpp"

namespace connectspec {

using namespace asio::experimental::awaitable_operators;
using tcp = asio::ip::tcp;

namespace {

using namespace script_timing;
// What the upstream records of one connection: scripts check a few bytes, and a proxy that
// streams without end must not fill the harness's memory.
constexpr std::size_t kMaxRecordedPerConnection = 16u << 20;

}  // namespace

// Waits `ms` without an outstanding read, so no byte can be lost to a cancelled one: whatever
// is readable at each tick is taken and recorded as received before the reply.
asio::awaitable<void> ForwardingUpstream::wait_recording(Socket client, int ms, std::string authority,
                                                         std::size_t index) {
  auto until = Clock::now() + std::chrono::milliseconds(ms);
  std::array<char, 4096> buf;
  for (;;) {
    boost::system::error_code ec;
    while (client->is_open() && client->available(ec) > 0 && !ec) {
      auto& kept = record(authority, index).before_reply;
      if (kept.size() >= kMaxRecordedPerConnection) co_return;
      std::size_t n = client->read_some(asio::buffer(buf), ec);  // readable now: does not block
      kept.append(buf.data(), n);
      if (ec) break;
    }
    if (Clock::now() >= until || !client->is_open()) co_return;
    asio::steady_timer tick(ex_, std::min<Clock::duration>(kPollTick, until - Clock::now()));
    co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

// Reads until EOF, an error or `bound`, recording each byte as received before or after the reply.
asio::awaitable<void> ForwardingUpstream::read_until_end(Socket client, std::chrono::milliseconds bound,
                                                         std::string authority, std::size_t index,
                                                         bool after_reply) {
  asio::steady_timer limit(ex_, bound);
  std::array<char, 4096> buf;
  for (;;) {
    auto r = co_await (client->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable)) ||
                       limit.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 1) co_return;
    auto [ec, n] = std::get<0>(r);
    auto& kept = after_reply ? record(authority, index).after_reply : record(authority, index).before_reply;
    kept.append(buf.data(), n);
    if (ec || kept.size() >= kMaxRecordedPerConnection) co_return;
  }
}

asio::awaitable<void> ForwardingUpstream::play_without_tunnel(Socket client, UpstreamScript s,
                                                              std::string authority, std::size_t index) {
  co_await wait_recording(client, s.delay_ms, authority, index);
  std::string bytes = s.response_bytes();
  if (!bytes.empty()) {
    auto [ec, n] = co_await asio::async_write(*client, asio::buffer(bytes), asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
  boost::system::error_code ignored;
  switch (s.then) {
    case UpstreamScript::Then::reset:
      client->set_option(asio::socket_base::linger(true, 0), ignored);
      client->close(ignored);
      co_return;
    case UpstreamScript::Then::silent:
      co_await read_until_end(client, kSilenceBound, authority, index, s.respond);
      break;
    default:  // close: our side ends; what the proxy still sends is recorded for a while
      client->shutdown(tcp::socket::shutdown_send, ignored);
      co_await read_until_end(client, kDrainAfterClose, authority, index, s.respond);
      break;
  }
  client->close(ignored);
}

}  // namespace connectspec
