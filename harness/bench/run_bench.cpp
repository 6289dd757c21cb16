#include "bench/run_bench.hpp"

#include <thread>

#include "bench/hold_bench.hpp"
#include "bench/setup_bench.hpp"
#include "bench/throughput_bench.hpp"
#include "model/utc_timestamp.hpp"

namespace connectspec::bench {

boost::asio::awaitable<BenchResult> run_bench(const BenchTarget& target, const BenchSettings& settings,
                                       std::function<void(const std::string&)> progress) {
  auto started = std::chrono::steady_clock::now();
  BenchResult r;
  r.implementation = target.implementation;
  if (target.mode != BenchTarget::Mode::direct) r.target = target.connect_to.authority();
  r.started_at = utc_now();
  r.harness_version = CONNECTSPEC_VERSION;
  r.params.mode = std::string(to_string(target.mode));
  r.params.concurrency = settings.concurrency;
  r.params.tunnels = settings.tunnels;
  r.params.hold = settings.hold;
  r.params.budget_ms = settings.budget_ms;
  r.params.warmup_ms = settings.warmup_ms;
  r.params.chunk_bytes = settings.chunk_bytes;
  r.params.cores = static_cast<int>(std::thread::hardware_concurrency());

  // Setup is about CONNECT: without a proxy there is none to time.
  if (settings.run_setup && target.mode == BenchTarget::Mode::proxy) {
    progress("setup: " + std::to_string(settings.concurrency) + " CONNECTs at a time");
    r.setup = co_await measure_setup(target, settings);
  }
  if (settings.run_throughput) {
    std::vector<int> counts{1};
    if (settings.tunnels > 1) counts.push_back(settings.tunnels);
    for (int n : counts)
      for (Direction d : {Direction::upload, Direction::download}) {
        progress(std::string("throughput: ") + (d == Direction::upload ? "upload" : "download") + ", " +
                 std::to_string(n) + (n == 1 ? " tunnel" : " tunnels"));
        r.throughput.push_back(co_await measure_throughput(target, settings, d, n));
      }
  }
  if (settings.run_hold && settings.hold > 0) {
    progress("hold: " + std::to_string(settings.hold) + " tunnels at once");
    r.hold = co_await measure_hold(target, settings);
  }
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  co_return r;
}

}  // namespace connectspec::bench
