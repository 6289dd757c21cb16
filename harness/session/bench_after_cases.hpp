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

// Over `protocol`, as the run speaks to the proxy; `tls` (h2) trusts the certificate the run made
// for it. Prints why when it cannot run (nullopt).
boost::asio::awaitable<std::optional<BenchResult>> measure_bench(const bench::BenchSettings& settings, Endpoint proxy,
                                                         std::string implementation, Protocol protocol,
                                                         boost::asio::ssl::context* tls);

}  // namespace connectspec
