#include "bench/h2_hold_bench.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "bench/bench_protocol.hpp"
#include "bench/h2_bench_connection.hpp"

namespace connectspec::bench {

namespace {

// Shared with the openers and pingers, which hold it alive even if a wait for them gives up first.
struct H2HoldRun {
  std::vector<std::uint32_t> open;
  int next = 0, busy = 0, alive = 0, pings_left = 0;
  bool stop_opening = false;
  std::string first_failure;
  void failed(const std::string& why) {
    if (first_failure.empty()) first_failure = why;
  }
};

// One opener of several: takes the next tunnel number until all are taken, opening is stopped, or
// the time for opening runs out.
asio::awaitable<void> opener(std::shared_ptr<H2BenchConnection> conn, BenchSettings s, int total, Clock::time_point until,
                             std::shared_ptr<H2HoldRun> run) {
  const std::string echo = command_line({Command::Kind::echo});
  while (run->next < total && !run->stop_opening && Clock::now() < until) {
    ++run->next;
    const std::uint32_t id = conn->open_tunnel();
    auto answer = co_await conn->response(id, std::min(until, Clock::now() + s.op_timeout()));
    if (auto* why = std::get_if<std::string>(&answer)) {
      run->failed("tunnel " + std::to_string(run->open.size() + 1) + ": " + *why);
      // A proxy at its limit refuses every further stream: stop instead of hammering it.
      run->stop_opening = true;
      conn->cancel(id);
      break;
    }
    conn->send(id, echo);
    run->open.push_back(id);
  }
  if (--run->busy == 0) conn->changed().notify_all();
}

asio::awaitable<void> pinger(std::shared_ptr<H2BenchConnection> conn, std::uint32_t id, Clock::time_point deadline,
                             std::shared_ptr<H2HoldRun> run) {
  static constexpr char kPing = 'p';
  conn->send(id, std::string_view(&kPing, 1));
  std::string back;
  co_await conn->changed().wait_until([&] {
    back += conn->take_data(id);
    return !back.empty() || !conn->stream_ended(id).empty();
  }, deadline);
  if (back.size() == 1 && back[0] == kPing) ++run->alive;
  else if (!back.empty()) run->failed("a ping came back as " + std::to_string(back.size()) + " other bytes");
  else if (auto ended = conn->stream_ended(id); !ended.empty()) run->failed("a ping found its tunnel closed: " + ended);
  else run->failed("a ping got no echo in time");
  if (--run->pings_left == 0) conn->changed().notify_all();
}

}  // namespace

asio::awaitable<HoldBench> measure_h2_hold(const BenchTarget& target, const BenchSettings& settings) {
  auto ex = co_await asio::this_coro::executor;
  HoldBench r;
  r.requested = settings.hold;
  auto conn = std::make_shared<H2BenchConnection>(ex, target);
  const auto started = Clock::now();
  if (auto why = co_await conn->connect(started + settings.op_timeout())) {
    r.first_failure = *why;
    co_return r;
  }
  if (auto limit = conn->stream_limit()) {
    r.limit = static_cast<int>(std::min<std::uint32_t>(*limit, 0x7fffffff));
    r.requested = std::min(r.requested, *r.limit);
  }
  auto run = std::make_shared<H2HoldRun>();
  run->open.reserve(static_cast<std::size_t>(r.requested));

  // Opening is bounded: a second per 100 tunnels on top of the usual per-operation limit.
  auto until = started + settings.op_timeout() + settings.scaled(10 * r.requested);
  run->busy = std::max(1, std::min(settings.hold_in_flight, r.requested));
  for (int i = run->busy; i > 0; --i) asio::co_spawn(ex, opener(conn, settings, r.requested, until, run), asio::detached);
  co_await conn->changed().wait_until([&] { return run->busy == 0; }, until + settings.op_timeout());
  run->stop_opening = true;
  r.open_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  r.opened = static_cast<int>(run->open.size());
  if (run->busy > 0) run->failed("openers still busy after the time for opening");

  auto ping_start = Clock::now();
  auto ping_deadline = ping_start + settings.op_timeout() + settings.scaled(r.opened);
  run->pings_left = r.opened;
  for (auto id : run->open) asio::co_spawn(ex, pinger(conn, id, ping_deadline, run), asio::detached);
  if (r.opened > 0)
    co_await conn->changed().wait_until([&] { return run->pings_left == 0; }, ping_deadline + settings.op_timeout());
  r.ping_ms = std::chrono::duration<double, std::milli>(Clock::now() - ping_start).count();
  r.alive = run->alive;
  r.first_failure = run->first_failure;
  conn->close();
  co_return r;
}

}  // namespace connectspec::bench
