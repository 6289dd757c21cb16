#include "session/bench_after_cases.hpp"

#include <iostream>

#include "bench/origin_process.hpp"
#include "bench/run_bench.hpp"

namespace connectspec {

boost::asio::awaitable<std::optional<BenchResult>> measure_bench(const bench::BenchSettings& settings, Endpoint proxy,
                                                         std::string implementation, Protocol protocol,
                                                         boost::asio::ssl::context* tls) {
  auto origin = co_await bench::start_origin_process(0, settings.chunk_bytes, settings.op_timeout());
  if (auto* why = std::get_if<std::string>(&origin)) {
    std::cerr << "connectspec: bench: " << *why << "\n";
    co_return std::nullopt;
  }
  auto& process = std::get<std::unique_ptr<bench::OriginProcess>>(origin);
  bench::BenchTarget target{bench::BenchTarget::Mode::proxy, proxy, process->endpoint(), std::move(implementation), protocol, tls};
  co_return co_await bench::run_bench(target, settings, [](const std::string& step) {
    std::cerr << "bench: " << step << "\n";
  });
}

}  // namespace connectspec
