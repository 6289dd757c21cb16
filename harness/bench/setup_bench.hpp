// CONNECT setup rate and latency: `concurrency` clients each open a tunnel (TCP connect, CONNECT,
// 2xx head), close it, and start again, for the warm-up and then the budget.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

boost::asio::awaitable<SetupBench> measure_setup(const BenchTarget& target, const BenchSettings& settings);

}  // namespace connectspec::bench
