// How many tunnels a target keeps open at once: open `hold` tunnels (at most `hold_in_flight`
// being answered at a time), keep every one, then ping through each; those that echo are alive.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

boost::asio::awaitable<HoldBench> measure_hold(const BenchTarget& target, const BenchSettings& settings);

}  // namespace connectspec::bench
