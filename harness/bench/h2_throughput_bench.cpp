#include "bench/h2_throughput_bench.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "bench/bench_protocol.hpp"
#include "bench/h2_bench_connection.hpp"
#include "bench/receive_window.hpp"
#include "bench/transfer_totals.hpp"

namespace connectspec::bench {

namespace {

// Shared with the transfers, which hold it alive even if the wait for them gives up first.
struct H2ThroughputRun {
  std::vector<Transfer> transfers;
  int left = 0;
};

// Sends until the sink's count comes back, keeping about a write's worth queued behind the
// proxy's credit: enough that the stream never waits for us, little enough to stay small.
asio::awaitable<Transfer> upload(std::shared_ptr<H2BenchConnection> conn, std::uint32_t id, const BenchSettings& s,
                                 Clock::time_point hard) {
  conn->send(id, command_line({Command::Kind::sink, s.warmup_ms, s.budget_ms}));
  const std::string chunk(static_cast<std::size_t>(s.chunk_bytes), 'u');
  std::string answer;
  for (;;) {
    answer += conn->take_data(id);
    if (answer.find('\n') != std::string::npos || answer.size() > kMaxCommandLine) break;
    if (auto ended = conn->stream_ended(id); !ended.empty())
      co_return Transfer{0, 0, "the tunnel ended before the origin's count (" + ended + ")"};
    if (Clock::now() >= hard)
      co_return Transfer{0, 0, "the origin's count did not come back within " + std::to_string(s.op_timeout().count()) +
                                   " ms of the end of its window, while the client kept sending"};
    if (conn->unsent(id) < chunk.size()) conn->send(id, chunk);
    co_await conn->changed().wait(hard);
  }
  auto report = parse_report(std::string_view(answer).substr(0, answer.find('\n')));
  if (!report) co_return Transfer{0, 0, "the origin's count is unreadable"};
  if (report->micros == 0) co_return Transfer{0, 0, "the transfer ended within the warm-up"};
  co_return Transfer{report->bytes, static_cast<double>(report->micros) / 1e6, {}};
}

asio::awaitable<Transfer> download(std::shared_ptr<H2BenchConnection> conn, std::uint32_t id, const BenchSettings& s,
                                   Clock::time_point hard) {
  conn->send(id, command_line({Command::Kind::source}));
  ReceiveWindow window(std::chrono::milliseconds(s.warmup_ms));
  const auto length = std::chrono::milliseconds(s.warmup_ms + s.budget_ms);
  for (;;) {
    const std::size_t n = conn->take_data(id).size();
    const auto now = Clock::now();
    if (n) window.on_bytes(n, now);
    if (window.first() && now - *window.first() >= length) break;
    if (auto ended = conn->stream_ended(id); !ended.empty()) co_return Transfer{0, 0, "receiving: " + ended};
    if (now >= hard) co_return Transfer{0, 0, "no bytes from the origin in time"};
    co_await conn->changed().wait(hard);
  }
  co_return Transfer{window.measured_bytes(), window.measured_seconds(), {}};
}

asio::awaitable<void> transfer(std::shared_ptr<H2BenchConnection> conn, std::uint32_t id, BenchSettings s, Direction d,
                               Clock::time_point hard, std::shared_ptr<H2ThroughputRun> run, std::size_t index) {
  // Not a conditional expression: GCC 12 miscompiles co_await inside one.
  Transfer r;
  if (d == Direction::upload) r = co_await upload(conn, id, s, hard);
  else r = co_await download(conn, id, s, hard);
  conn->cancel(id);  // the measurement is over: the proxy closes its side to the origin
  run->transfers[index] = std::move(r);
  if (--run->left == 0) conn->changed().notify_all();
}

// Opens every tunnel before any transfer starts, so that setup is not measured.
asio::awaitable<std::variant<std::vector<std::uint32_t>, std::string>> open_all(std::shared_ptr<H2BenchConnection> conn,
                                                                                 std::size_t n, Clock::time_point deadline) {
  std::vector<std::uint32_t> ids;
  for (std::size_t i = 0; i < n; ++i) ids.push_back(conn->open_tunnel());
  for (auto id : ids) {
    auto answer = co_await conn->response(id, deadline);
    if (auto* why = std::get_if<std::string>(&answer)) co_return "opening a tunnel: " + *why;
  }
  co_return ids;
}

}  // namespace

asio::awaitable<ThroughputBench> measure_h2_throughput(const BenchTarget& target, const BenchSettings& settings,
                                                       Direction direction, int tunnels) {
  auto ex = co_await asio::this_coro::executor;
  ThroughputBench r;
  r.direction = direction == Direction::upload ? "upload" : "download";
  r.tunnels = std::max(1, tunnels);
  auto conn = std::make_shared<H2BenchConnection>(ex, target);
  if (auto why = co_await conn->connect(Clock::now() + settings.op_timeout())) {
    r.failure = *why;
    co_return r;
  }
  // The tunnels are streams of this one connection: no more than it may carry.
  if (auto limit = conn->stream_limit(); limit && static_cast<std::uint32_t>(r.tunnels) > *limit) r.tunnels = static_cast<int>(*limit);
  if (r.tunnels == 0) {
    conn->close();
    r.failure = "the proxy allows no stream on a connection (SETTINGS_MAX_CONCURRENT_STREAMS 0)";
    co_return r;
  }
  const auto n = static_cast<std::size_t>(r.tunnels);
  auto opened = co_await open_all(conn, n, Clock::now() + settings.op_timeout());
  if (auto* why = std::get_if<std::string>(&opened)) {
    conn->close();
    r.failure = *why;
    co_return r;
  }

  auto run = std::make_shared<H2ThroughputRun>();
  run->transfers.assign(n, Transfer{});
  run->left = static_cast<int>(n);
  const auto stop = Clock::now() + std::chrono::milliseconds(settings.warmup_ms + settings.budget_ms);
  const auto hard = stop + settings.op_timeout();
  const auto& ids = std::get<std::vector<std::uint32_t>>(opened);
  for (std::size_t i = 0; i < n; ++i) asio::co_spawn(ex, transfer(conn, ids[i], settings, direction, hard, run, i), asio::detached);
  co_await conn->changed().wait_until([&] { return run->left == 0; }, hard + settings.op_timeout());
  conn->close();
  if (run->left > 0) {
    r.failure = "transfers still running after the deadline";
    co_return r;
  }
  add_transfers(r, run->transfers);
  co_return r;
}

}  // namespace connectspec::bench
