#include "bench/bench_origin.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <iostream>
#include <vector>

#include "bench/bench_protocol.hpp"
#include "bench/file_limit.hpp"
#include "bench/receive_window.hpp"
#include "bench/tuple_awaitable.hpp"

namespace connectspec::bench {

using tcp = asio::ip::tcp;

namespace {

asio::awaitable<void> echo(tcp::socket& sock, std::string pending) {
  std::vector<char> buf(64 * 1024);
  if (!pending.empty()) {
    auto [ec, n] = co_await asio::async_write(sock, asio::buffer(pending), tuple_awaitable);
    if (ec) co_return;
  }
  for (;;) {
    auto [rec, n] = co_await sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    if (rec) co_return;
    auto [wec, w] = co_await asio::async_write(sock, asio::buffer(buf.data(), n), tuple_awaitable);
    if (wec) co_return;
  }
}

asio::awaitable<void> sink(tcp::socket& sock, std::size_t already, Command c, std::size_t chunk) {
  std::vector<char> buf(chunk);
  ReceiveWindow window(std::chrono::milliseconds(c.warmup_ms));
  const auto length = std::chrono::milliseconds(c.warmup_ms + c.budget_ms);
  if (already) window.on_bytes(already, ReceiveWindow::Clock::now());
  for (;;) {
    auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    auto now = ReceiveWindow::Clock::now();
    if (n) window.on_bytes(n, now);
    if (ec) co_return;  // the client stopped before the end: no one to answer
    if (window.first() && now - *window.first() >= length) break;
  }
  SinkReport r{window.measured_bytes(), static_cast<std::uint64_t>(window.measured_seconds() * 1e6)};
  std::string line = report_line(r);
  auto [wec, wn] = co_await asio::async_write(sock, asio::buffer(line), tuple_awaitable);
  if (wec) co_return;
  // The client sends until it reads the answer: keep reading so its last writes complete.
  for (;;) {
    auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    if (ec) co_return;
  }
}

asio::awaitable<void> source(tcp::socket& sock, std::size_t chunk) {
  std::vector<char> buf(chunk, 'x');
  for (;;) {
    auto [ec, n] = co_await sock.async_write_some(asio::buffer(buf), tuple_awaitable);
    if (ec) co_return;  // the client closed: the end of the measurement
  }
}

asio::awaitable<void> serve(tcp::socket sock, std::size_t chunk) {
  std::string in;
  std::array<char, 256> buf;
  std::size_t eol;
  while ((eol = in.find('\n')) == std::string::npos) {
    if (in.size() > kMaxCommandLine) co_return;
    auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    in.append(buf.data(), n);
    if (ec && in.find('\n') == std::string::npos) co_return;  // the setup test: closed without a command
  }
  auto command = parse_command(std::string_view(in).substr(0, eol));
  if (!command) co_return;
  std::string rest = in.substr(eol + 1);
  switch (command->kind) {
    case Command::Kind::echo: co_await echo(sock, std::move(rest)); break;
    case Command::Kind::sink: co_await sink(sock, rest.size(), *command, chunk); break;
    case Command::Kind::source: co_await source(sock, chunk); break;
  }
}

// The parent closing our stdin (or dying) ends the process.
asio::awaitable<void> until_stdin_closes(tcp::acceptor& acceptor) {
  auto ex = co_await asio::this_coro::executor;
  asio::posix::stream_descriptor in(ex, ::dup(STDIN_FILENO));
  std::array<char, 64> buf;
  for (;;) {
    auto [ec, n] = co_await in.async_read_some(asio::buffer(buf), tuple_awaitable);
    if (ec) break;
  }
  acceptor.close();
  static_cast<asio::io_context&>(ex.context()).stop();
}

}  // namespace

asio::awaitable<void> serve_bench_origin(tcp::acceptor& acceptor, std::size_t chunk_bytes) {
  auto ex = co_await asio::this_coro::executor;
  for (;;) {
    auto [ec, sock] = co_await acceptor.async_accept(tuple_awaitable);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;  // EMFILE and the like: the client sees its tunnel fail, we keep serving
    sock.set_option(tcp::no_delay(true));
    asio::co_spawn(ex, serve(std::move(sock), chunk_bytes), asio::detached);
  }
}

int bench_origin_main(unsigned short port, std::size_t chunk_bytes) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  raise_file_limit();
  asio::io_context io(1);
  tcp::acceptor acceptor(io);
  try {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    acceptor.open(ep.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(4096);
  } catch (const std::exception& e) {
    std::cerr << "bench-origin: cannot listen on 127.0.0.1:" << port << ": " << e.what() << "\n";
    return 3;
  }
  std::cout << "bench origin listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  asio::co_spawn(io, serve_bench_origin(acceptor, chunk_bytes), asio::detached);
  asio::co_spawn(io, until_stdin_closes(acceptor), asio::detached);
  io.run();
  return 0;
}

}  // namespace connectspec::bench
