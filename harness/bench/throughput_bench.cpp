#include "bench/throughput_bench.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "bench/bench_protocol.hpp"
#include "bench/close_at_deadline.hpp"
#include "bench/receive_window.hpp"
#include "bench/transfer_totals.hpp"
#include "bench/tunnel_dial.hpp"
#include "trace/notifier.hpp"
#include "bench/tuple_awaitable.hpp"

namespace connectspec::bench {

namespace {

// Shared with the transfers, which hold it alive even if the wait for them gives up first.
struct ThroughputRun {
  explicit ThroughputRun(asio::any_io_executor ex) : done(std::move(ex)) {}
  Notifier done;
  std::vector<Transfer> transfers;
  int left = 0;
};

// The sink's answer, read while the upload goes on; `done` once it came or the tunnel ended.
struct SinkAnswer {
  explicit SinkAnswer(asio::any_io_executor ex) : changed(std::move(ex)) {}
  Notifier changed;
  bool done = false;
  std::string line, error;
};

asio::awaitable<void> read_answer(std::shared_ptr<Tunnel> t, std::shared_ptr<SinkAnswer> answer) {
  std::array<char, 128> buf;
  while (answer->line.find('\n') == std::string::npos && answer->line.size() < kMaxCommandLine) {
    auto [ec, n] = co_await t->sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    answer->line.append(buf.data(), n);
    if (ec && answer->line.find('\n') == std::string::npos) {
      answer->error = ec.message();
      break;
    }
  }
  answer->done = true;
  // The count is in: the measurement is over. Closing now ends the sender's pending write too,
  // which a proxy that stops reading from the client once it has relayed the count would otherwise
  // hold until the deadline.
  boost::system::error_code ignored;
  t->sock.close(ignored);
  answer->changed.notify_all();
}

asio::awaitable<Transfer> upload(std::shared_ptr<Tunnel> t, const BenchSettings& s, Clock::time_point hard) {
  CloseAtDeadline limit(t, t->sock, hard);
  std::string command = command_line({Command::Kind::sink, s.warmup_ms, s.budget_ms});
  auto [cec, cn] = co_await asio::async_write(t->sock, asio::buffer(command), tuple_awaitable);
  if (cec) co_return Transfer{0, 0, "write the command: " + cec.message()};
  auto answer = std::make_shared<SinkAnswer>(t->sock.get_executor());
  asio::co_spawn(t->sock.get_executor(), read_answer(t, answer), asio::detached);
  std::vector<char> chunk(static_cast<std::size_t>(s.chunk_bytes), 'u');
  std::string send_error;
  while (!answer->done) {
    auto [ec, n] = co_await t->sock.async_write_some(asio::buffer(chunk), tuple_awaitable);
    if (ec) {
      if (!answer->done) send_error = ec.message();
      break;
    }
  }
  co_await answer->changed.wait_until([&] { return answer->done; }, hard);
  boost::system::error_code ignored;
  t->sock.close(ignored);
  const bool counted = answer->line.find('\n') != std::string::npos;
  if (!counted && limit.fired())
    co_return Transfer{0, 0, "the origin's count did not come back within " + std::to_string(s.op_timeout().count()) +
                                 " ms of the end of its window, while the client kept sending"};
  if (!counted)
    co_return Transfer{0, 0, "the tunnel ended before the origin's count (" +
                                 (send_error.empty() ? answer->error : "sending: " + send_error) + ")"};
  auto report = parse_report(std::string_view(answer->line).substr(0, answer->line.find('\n')));
  if (!report) co_return Transfer{0, 0, "the origin's count is unreadable"};
  if (report->micros == 0) co_return Transfer{0, 0, "the transfer ended within the warm-up"};
  co_return Transfer{report->bytes, static_cast<double>(report->micros) / 1e6, {}};
}

asio::awaitable<Transfer> download(std::shared_ptr<Tunnel> t, const BenchSettings& s, Clock::time_point hard) {
  CloseAtDeadline limit(t, t->sock, hard);
  std::string command = command_line({Command::Kind::source});
  auto [cec, cn] = co_await asio::async_write(t->sock, asio::buffer(command), tuple_awaitable);
  if (cec) co_return Transfer{0, 0, "write the command: " + cec.message()};
  ReceiveWindow window(std::chrono::milliseconds(s.warmup_ms));
  const auto length = std::chrono::milliseconds(s.warmup_ms + s.budget_ms);
  std::vector<char> buf(static_cast<std::size_t>(s.chunk_bytes));
  for (;;) {
    auto [ec, n] = co_await t->sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    auto now = Clock::now();
    if (n) window.on_bytes(n, now);
    if (ec) co_return Transfer{0, 0, limit.fired() ? "no bytes from the origin in time" : "receiving: " + ec.message()};
    if (window.first() && now - *window.first() >= length) break;
  }
  boost::system::error_code ec;
  t->sock.close(ec);
  co_return Transfer{window.measured_bytes(), window.measured_seconds(), {}};
}

asio::awaitable<void> transfer(std::shared_ptr<Tunnel> t, BenchSettings s, Direction d,
                               Clock::time_point hard, std::shared_ptr<ThroughputRun> run, std::size_t index) {
  // Not a conditional expression: GCC 12 miscompiles co_await inside one.
  Transfer r;
  if (d == Direction::upload) r = co_await upload(t, s, hard);
  else r = co_await download(t, s, hard);
  run->transfers[index] = std::move(r);
  if (--run->left == 0) run->done.notify_all();
}

asio::awaitable<void> dial_one(BenchTarget target, Clock::time_point deadline, std::shared_ptr<std::vector<Dialed>> out,
                               std::size_t index, std::shared_ptr<ThroughputRun> run) {
  (*out)[index] = co_await open_tunnel(target, deadline);
  if (--run->left == 0) run->done.notify_all();
}

}  // namespace

asio::awaitable<ThroughputBench> measure_throughput(const BenchTarget& target, const BenchSettings& settings,
                                                    Direction direction, int tunnels) {
  auto ex = co_await asio::this_coro::executor;
  ThroughputBench r;
  r.direction = direction == Direction::upload ? "upload" : "download";
  r.tunnels = tunnels;
  const auto n = static_cast<std::size_t>(std::max(1, tunnels));

  auto run = std::make_shared<ThroughputRun>(ex);
  auto dialed = std::make_shared<std::vector<Dialed>>();
  for (std::size_t i = 0; i < n; ++i) dialed->emplace_back(std::string("not dialed"));
  run->left = static_cast<int>(n);
  auto dial_deadline = Clock::now() + settings.op_timeout();
  for (std::size_t i = 0; i < n; ++i) asio::co_spawn(ex, dial_one(target, dial_deadline, dialed, i, run), asio::detached);
  co_await run->done.wait_until([&] { return run->left == 0; }, dial_deadline + settings.op_timeout());
  if (run->left > 0) {
    r.failure = "tunnels still opening after the deadline";
    co_return r;
  }
  for (auto& d : *dialed)
    if (auto* why = std::get_if<std::string>(&d)) {
      r.failure = "opening a tunnel: " + *why;
      co_return r;
    }

  run->transfers.assign(n, Transfer{});
  run->left = static_cast<int>(n);
  auto stop = Clock::now() + std::chrono::milliseconds(settings.warmup_ms + settings.budget_ms);
  auto hard = stop + settings.op_timeout();
  for (std::size_t i = 0; i < n; ++i) {
    auto t = std::make_shared<Tunnel>(std::move(std::get<Tunnel>((*dialed)[i])));
    asio::co_spawn(ex, transfer(t, settings, direction, hard, run, i), asio::detached);
  }
  co_await run->done.wait_until([&] { return run->left == 0; }, hard + settings.op_timeout());
  if (run->left > 0) {
    r.failure = "transfers still running after the deadline";
    co_return r;
  }
  add_transfers(r, run->transfers);
  co_return r;
}

}  // namespace connectspec::bench
