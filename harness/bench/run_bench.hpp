// The whole bench against one target: setup, throughput (upload and download, one tunnel and
// several), hold, as the settings select, one after another so they do not disturb each other;
// over HTTP/1.1, or over HTTP/2 (h2c, h2) when the target's protocol says so.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

// `progress` gets a short line before each measurement ("throughput: upload, 8 tunnels").
boost::asio::awaitable<BenchResult> run_bench(const BenchTarget& target, const BenchSettings& settings,
                                              std::function<void(const std::string&)> progress);

}  // namespace connectspec::bench
