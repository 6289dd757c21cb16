#include "bench/run_bench.hpp"

#include <algorithm>
#include <thread>

#include "bench/h2_hold_bench.hpp"
#include "bench/h2_setup_bench.hpp"
#include "bench/h2_throughput_bench.hpp"
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
  // Without a proxy there is no CONNECT, and so nothing but TCP to speak.
  const bool h2 = target.mode == BenchTarget::Mode::proxy && is_http2(target.protocol);
  const std::string h2_name = h2 ? std::string(to_string(target.protocol)) : std::string();
  r.params.protocol = std::string(to_string(h2 ? target.protocol : Protocol::http1));
  if (h2) {
    r.params.connections = std::clamp(settings.connections, 1, std::max(1, settings.concurrency));
    r.params.one_connection = true;
  }

  // Setup is about CONNECT: without a proxy there is none to time.
  if (settings.run_setup && target.mode == BenchTarget::Mode::proxy) {
    if (h2) {
      progress("setup: " + std::to_string(settings.concurrency) + " CONNECT streams at a time on " +
               std::to_string(r.params.connections) + " " + h2_name + " connections");
      r.setup = co_await measure_h2_setup(target, settings);
    } else {
      progress("setup: " + std::to_string(settings.concurrency) + " CONNECTs at a time");
      r.setup = co_await measure_setup(target, settings);
    }
  }
  if (settings.run_throughput) {
    std::vector<int> counts{1};
    if (settings.tunnels > 1) counts.push_back(settings.tunnels);
    for (int n : counts)
      for (Direction d : {Direction::upload, Direction::download}) {
        progress(std::string("throughput: ") + (d == Direction::upload ? "upload" : "download") + ", " +
                 std::to_string(n) + (n == 1 ? " tunnel" : " tunnels") + (h2 ? ", streams of one " + h2_name + " connection" : ""));
        // Not a conditional expression: GCC 12 miscompiles co_await inside one.
        if (h2) r.throughput.push_back(co_await measure_h2_throughput(target, settings, d, n));
        else r.throughput.push_back(co_await measure_throughput(target, settings, d, n));
      }
  }
  if (settings.run_hold && settings.hold > 0) {
    progress("hold: " + std::to_string(settings.hold) + " tunnels at once" +
             (h2 ? " on one " + h2_name + " connection, or as many as the proxy allows" : ""));
    if (h2) r.hold = co_await measure_h2_hold(target, settings);
    else r.hold = co_await measure_hold(target, settings);
  }
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  co_return r;
}

}  // namespace connectspec::bench
