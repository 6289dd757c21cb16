#include "bench/setup_bench.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "bench/setup_figures.hpp"
#include "bench/tunnel_dial.hpp"
#include "trace/notifier.hpp"

namespace connectspec::bench {

namespace {

// Shared with the clients, which hold it alive even if the wait for them gives up first.
struct SetupRun {
  explicit SetupRun(asio::any_io_executor ex) : done(std::move(ex)) {}
  Notifier done;
  Clock::time_point measure_from, end;
  std::vector<double> latencies_ms;
  std::uint64_t failures = 0;
  std::string first_failure;
  int workers_left = 0;
};

// A failing target answers instantly; bounding each client's attempts keeps a refused run cheap.
constexpr std::uint64_t kMaxAttemptsPerClient = 1'000'000;

asio::awaitable<void> client(BenchTarget target, BenchSettings settings, std::shared_ptr<SetupRun> shared) {
  SetupRun& run = *shared;
  for (std::uint64_t i = 0; i < kMaxAttemptsPerClient && Clock::now() < run.end; ++i) {
    auto started = Clock::now();
    auto dialed = co_await open_tunnel(target, std::min(run.end + settings.op_timeout(), started + settings.op_timeout()));
    bool measured = started >= run.measure_from && Clock::now() <= run.end;
    if (auto* t = std::get_if<Tunnel>(&dialed)) {
      if (measured) run.latencies_ms.push_back(t->setup_ms);
      boost::system::error_code ec;
      t->sock.close(ec);
    } else if (measured) {
      if (run.failures++ == 0) run.first_failure = std::get<std::string>(dialed);
    }
  }
  if (--run.workers_left == 0) run.done.notify_all();
}

}  // namespace

asio::awaitable<SetupBench> measure_setup(const BenchTarget& target, const BenchSettings& settings) {
  auto ex = co_await asio::this_coro::executor;
  auto shared = std::make_shared<SetupRun>(ex);
  SetupRun& run = *shared;
  run.measure_from = Clock::now() + std::chrono::milliseconds(settings.warmup_ms);
  run.end = run.measure_from + std::chrono::milliseconds(settings.budget_ms);
  run.workers_left = std::max(1, settings.concurrency);
  for (int i = run.workers_left; i > 0; --i) asio::co_spawn(ex, client(target, settings, shared), asio::detached);
  co_await run.done.wait_until([&] { return run.workers_left == 0; }, run.end + 2 * settings.op_timeout());

  SetupBench r = setup_figures(std::move(run.latencies_ms), run.failures, settings.budget_ms / 1000.0, run.first_failure);
  if (run.workers_left > 0 && r.first_failure.empty()) r.first_failure = "some clients did not finish in time";
  co_return r;
}

}  // namespace connectspec::bench
