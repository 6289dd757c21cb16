// Bytes per second through `tunnels` tunnels at once in one direction over HTTP/2, every tunnel a
// stream of ONE connection (at most the proxy's SETTINGS_MAX_CONCURRENT_STREAMS), so one tunnel
// is one stream alone and several share the connection's flow-control window, which the client
// hands out a frame per stream in turn. Counted as over HTTP/1.1 (throughput_bench.hpp): upload
// by the origin, download by the client, after the warm-up; credit for received DATA goes back
// as it is read, DATA waits for the proxy's credit.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "bench/bench_settings.hpp"
#include "bench/throughput_bench.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

boost::asio::awaitable<ThroughputBench> measure_h2_throughput(const BenchTarget& target, const BenchSettings& settings,
                                                              Direction direction, int tunnels);

}  // namespace connectspec::bench
