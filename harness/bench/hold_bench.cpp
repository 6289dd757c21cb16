#include "bench/hold_bench.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "bench/bench_protocol.hpp"
#include "bench/close_at_deadline.hpp"
#include "bench/tunnel_dial.hpp"
#include "trace/notifier.hpp"
#include "bench/tuple_awaitable.hpp"

namespace connectspec::bench {

namespace {

// Shared with the openers and pingers, which hold it alive even if a wait for them gives up first.
struct HoldRun {
  explicit HoldRun(asio::any_io_executor ex) : changed(std::move(ex)) {}
  Notifier changed;
  std::vector<std::shared_ptr<Tunnel>> open;
  int next = 0, busy = 0, alive = 0, pings_left = 0;
  bool stop_opening = false;
  std::string first_failure;
  void failed(const std::string& why) {
    if (first_failure.empty()) first_failure = why;
  }
};

// One opener of several: takes the next tunnel number until all are taken, opening is stopped,
// or the time for opening runs out.
asio::awaitable<void> opener(BenchTarget target, BenchSettings s, int total, Clock::time_point until,
                             std::shared_ptr<HoldRun> run) {
  const std::string echo = command_line({Command::Kind::echo});
  while (run->next < total && !run->stop_opening && Clock::now() < until) {
    ++run->next;
    auto dialed = co_await open_tunnel(target, std::min(until, Clock::now() + s.op_timeout()));
    if (auto* why = std::get_if<std::string>(&dialed)) {
      run->failed("tunnel " + std::to_string(run->open.size() + 1) + ": " + *why);
      // A proxy at its limit refuses every further tunnel: stop instead of hammering it.
      run->stop_opening = true;
      break;
    }
    auto t = std::make_shared<Tunnel>(std::move(std::get<Tunnel>(dialed)));
    auto [ec, n] = co_await asio::async_write(t->sock, asio::buffer(echo), tuple_awaitable);
    if (ec) {
      run->failed("tunnel " + std::to_string(run->open.size() + 1) + ": write: " + ec.message());
      run->stop_opening = true;
      break;
    }
    run->open.push_back(std::move(t));
  }
  if (--run->busy == 0) run->changed.notify_all();
}

asio::awaitable<bool> ping_once(Tunnel& t) {
  static const char ping = 'p';
  auto [wec, wn] = co_await asio::async_write(t.sock, asio::buffer(&ping, 1), tuple_awaitable);
  if (wec) co_return false;
  char back = 0;
  auto [rec, rn] = co_await asio::async_read(t.sock, asio::buffer(&back, 1), tuple_awaitable);
  co_return !rec && back == ping;
}

asio::awaitable<void> pinger(std::shared_ptr<Tunnel> t, Clock::time_point deadline, std::shared_ptr<HoldRun> run) {
  CloseAtDeadline limit(t, t->sock, deadline);
  bool ok = co_await ping_once(*t);
  if (ok) ++run->alive;
  else run->failed(limit.fired() ? "a ping got no echo in time" : "a ping found its tunnel closed");
  if (--run->pings_left == 0) run->changed.notify_all();
}

}  // namespace

asio::awaitable<HoldBench> measure_hold(const BenchTarget& target, const BenchSettings& settings) {
  auto ex = co_await asio::this_coro::executor;
  HoldBench r;
  r.requested = settings.hold;
  auto run = std::make_shared<HoldRun>(ex);
  run->open.reserve(static_cast<std::size_t>(settings.hold));

  // Opening is bounded: a second per 100 tunnels on top of the usual per-operation limit.
  auto started = Clock::now();
  auto until = started + settings.op_timeout() + settings.scaled(10 * settings.hold);
  run->busy = std::max(1, std::min(settings.hold_in_flight, settings.hold));
  for (int i = run->busy; i > 0; --i) asio::co_spawn(ex, opener(target, settings, settings.hold, until, run), asio::detached);
  co_await run->changed.wait_until([&] { return run->busy == 0; }, until + settings.op_timeout());
  run->stop_opening = true;
  r.open_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  r.opened = static_cast<int>(run->open.size());
  if (run->busy > 0) run->failed("openers still busy after the time for opening");

  auto ping_start = Clock::now();
  auto ping_deadline = ping_start + settings.op_timeout() + settings.scaled(r.opened);
  run->pings_left = r.opened;
  for (auto& t : run->open) asio::co_spawn(ex, pinger(t, ping_deadline, run), asio::detached);
  if (r.opened > 0) co_await run->changed.wait_until([&] { return run->pings_left == 0; }, ping_deadline + settings.op_timeout());
  r.ping_ms = std::chrono::duration<double, std::milli>(Clock::now() - ping_start).count();
  r.alive = run->alive;
  r.first_failure = run->first_failure;
  if (run->pings_left == 0) {
    for (auto& t : run->open) {
      boost::system::error_code ec;
      t->sock.close(ec);
    }
    run->open.clear();
  }
  co_return r;
}

}  // namespace connectspec::bench
