#include "bench/h2_setup_bench.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "bench/h2_bench_connection.hpp"
#include "bench/setup_figures.hpp"

namespace connectspec::bench {

namespace {

// Shared with the connections and their streams, which hold it alive even if the wait for them
// gives up first.
struct H2SetupRun {
  explicit H2SetupRun(asio::any_io_executor ex) : done(std::move(ex)) {}
  Notifier done;
  Clock::time_point measure_from, end;
  std::vector<double> latencies_ms;
  std::uint64_t failures = 0;
  std::string first_failure;
  int connections_left = 0;
  void failed(bool measured, const std::string& why) {
    if (measured && failures++ == 0) first_failure = why;
  }
};

// A failing proxy answers instantly; bounding each stream slot's attempts keeps a refused run cheap.
constexpr std::uint64_t kMaxAttemptsPerStream = 1'000'000;

// One stream slot of a connection: CONNECT, 2xx, cancel, again, while the connection takes new streams.
asio::awaitable<void> stream_slot(std::shared_ptr<H2BenchConnection> conn, BenchSettings s, std::shared_ptr<H2SetupRun> run,
                                  std::shared_ptr<int> slots_left) {
  for (std::uint64_t i = 0; i < kMaxAttemptsPerStream && Clock::now() < run->end && conn->accepts_new_streams(); ++i) {
    const auto started = Clock::now();
    const std::uint32_t id = conn->open_tunnel();
    auto answer = co_await conn->response(id, std::min(run->end + s.op_timeout(), started + s.op_timeout()));
    const bool measured = started >= run->measure_from && Clock::now() <= run->end;
    const bool retry = conn->unprocessed(id);  // not the proxy's failure: the next connection tries again
    conn->cancel(id);
    if (auto* ms = std::get_if<double>(&answer)) {
      if (measured) run->latencies_ms.push_back(*ms);
    } else if (!retry) {
      run->failed(measured, std::get<std::string>(answer));
    }
  }
  if (--*slots_left == 0) conn->changed().notify_all();
}

// One connection at a time, `streams` slots on each, until the end of the budget.
asio::awaitable<void> connection_client(BenchTarget target, BenchSettings s, int streams, std::shared_ptr<H2SetupRun> run) {
  auto ex = co_await asio::this_coro::executor;
  while (Clock::now() < run->end) {
    auto conn = std::make_shared<H2BenchConnection>(ex, target);
    const auto started = Clock::now();
    if (auto why = co_await conn->connect(std::min(run->end + s.op_timeout(), started + s.op_timeout()))) {
      // A proxy that does not take a connection will not take the next one either: this client stops.
      run->failed(true, *why);
      break;
    }
    int slots = streams;
    if (auto limit = conn->stream_limit()) slots = static_cast<int>(std::min<std::uint32_t>(slots, *limit));
    if (slots == 0) {
      run->failed(true, "the proxy allows no stream on a connection (SETTINGS_MAX_CONCURRENT_STREAMS 0)");
      conn->close();
      break;
    }
    auto slots_left = std::make_shared<int>(slots);
    for (int i = 0; i < slots; ++i) asio::co_spawn(ex, stream_slot(conn, s, run, slots_left), asio::detached);
    // The slots end at the end of the budget, or when the connection takes no more streams (GOAWAY,
    // or broken: its streams have said why); then the next connection.
    co_await conn->changed().wait_until([&] { return *slots_left == 0; }, run->end + 2 * s.op_timeout());
    conn->close();
  }
  if (--run->connections_left == 0) run->done.notify_all();
}

}  // namespace

asio::awaitable<SetupBench> measure_h2_setup(const BenchTarget& target, const BenchSettings& settings) {
  auto ex = co_await asio::this_coro::executor;
  auto run = std::make_shared<H2SetupRun>(ex);
  run->measure_from = Clock::now() + std::chrono::milliseconds(settings.warmup_ms);
  run->end = run->measure_from + std::chrono::milliseconds(settings.budget_ms);
  const int connections = std::clamp(settings.connections, 1, std::max(1, settings.concurrency));
  run->connections_left = connections;
  // `concurrency` streams in all, shared out as evenly as they go.
  for (int i = 0; i < connections; ++i) {
    const int streams = settings.concurrency / connections + (i < settings.concurrency % connections ? 1 : 0);
    asio::co_spawn(ex, connection_client(target, settings, std::max(1, streams), run), asio::detached);
  }
  co_await run->done.wait_until([&] { return run->connections_left == 0; }, run->end + 3 * settings.op_timeout());

  SetupBench r = setup_figures(run->latencies_ms, run->failures, settings.budget_ms / 1000.0, run->first_failure);
  if (run->connections_left > 0 && r.first_failure.empty()) r.first_failure = "some connections did not finish in time";
  co_return r;
}

}  // namespace connectspec::bench
