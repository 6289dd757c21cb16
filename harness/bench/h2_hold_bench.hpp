// How many tunnels ONE HTTP/2 connection holds at once: `hold` CONNECT streams, or as many as the
// proxy's SETTINGS_MAX_CONCURRENT_STREAMS allows when that is fewer (HoldBench::limit says which),
// opened with at most `hold_in_flight` awaiting their answer, all kept open; then a ping through
// each (one byte the bench origin echoes): those that echo it are alive.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

boost::asio::awaitable<HoldBench> measure_h2_hold(const BenchTarget& target, const BenchSettings& settings);

}  // namespace connectspec::bench
