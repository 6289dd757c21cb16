// CONNECT setup rate and latency over HTTP/2: `concurrency` CONNECT streams in flight, spread over
// `connections` connections (never more on one than the proxy's SETTINGS_MAX_CONCURRENT_STREAMS).
// Each stream, once answered 2xx, is cancelled (RST_STREAM CANCEL) and the next opened, for the
// warm-up and then the budget; a connection the proxy ends with GOAWAY is replaced by a new one.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

boost::asio::awaitable<SetupBench> measure_h2_setup(const BenchTarget& target, const BenchSettings& settings);

}  // namespace connectspec::bench
