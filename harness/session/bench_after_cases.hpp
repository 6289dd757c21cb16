// `run --bench` and `bench --proxy/--profile`: the bench against the proxy the run started, with
// an origin process of its own, after the cases.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "bench/bench_settings.hpp"
#include "model/bench_result.hpp"
#include "net/endpoint.hpp"

namespace connectspec {

// Prints why when it cannot run (nullopt).
boost::asio::awaitable<std::optional<BenchResult>> measure_bench(const bench::BenchSettings& settings, Endpoint proxy,
                                                         std::string implementation);

}  // namespace connectspec
