// Bytes per second through `tunnels` tunnels at once, in one direction: upload (client to origin,
// counted by the origin) or download (origin to client, counted by the client). Every tunnel is
// open before any starts sending, so the measurement is of the relay, not of the setup.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

enum class Direction { upload, download };

boost::asio::awaitable<ThroughputBench> measure_throughput(const BenchTarget& target, const BenchSettings& settings,
                                                           Direction direction, int tunnels);

}  // namespace connectspec::bench
