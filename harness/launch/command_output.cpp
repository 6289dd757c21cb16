#include "launch/command_output.hpp"

#include <signal.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include "launch/process_v2.hpp"

extern char** environ;

namespace connectspec {

namespace bp = boost::process::v2;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;

asio::awaitable<void> read_all(asio::readable_pipe& pipe, std::string& out) {
  std::array<char, 4096> buf;
  for (;;) {
    auto [ec, n] = co_await pipe.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (out.size() < kMaxOutput) out.append(buf.data(), std::min(n, kMaxOutput - out.size()));
    if (ec) co_return;
  }
}

}  // namespace

asio::awaitable<CommandOutput> run_command_output(asio::any_io_executor ex, const std::vector<std::string>& argv,
                                                  const std::vector<std::string>& extra_env,
                                                  std::chrono::milliseconds limit) {
  CommandOutput result;
  if (argv.empty()) {
    result.problem = "no command";
    co_return result;
  }
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  auto exe = argv[0].find('/') != std::string::npos ? bp::filesystem::path(argv[0])
                                                     : bp::environment::find_executable(argv[0]);
  if (exe.empty()) {
    result.problem = "'" + argv[0] + "' is not installed (not found on PATH)";
    co_return result;
  }
  try {
    asio::readable_pipe out(ex);
    asio::writable_pipe out_w(ex);
    asio::connect_pipe(out, out_w);
    bp::process p(ex, exe, std::vector<std::string>(argv.begin() + 1, argv.end()),
                  bp::process_stdio{nullptr, out_w, out_w}, bp::process_environment(env), InheritNothing{});
    out_w.close();
    asio::steady_timer timer(ex, limit);
    auto done = co_await (read_all(out, result.output) || timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (done.index() == 1) {
      p.terminate();
      result.problem = "did not finish within " + std::to_string(limit.count()) + " ms";
      co_return result;
    }
    // Its output is closed, but it may live on (a daemon): the same deadline bounds the wait.
    // Polled, because cancelling Process v2's async_wait is not safe in Boost 1.81.
    bp::error_code ec;
    while (p.running(ec) && Clock::now() < timer.expiry()) {
      asio::steady_timer tick(ex, std::chrono::milliseconds(5));
      co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (p.running(ec)) {
      p.terminate();
      result.problem = "did not exit within " + std::to_string(limit.count()) + " ms";
      co_return result;
    }
    result.exit_status = p.exit_code();
  } catch (const std::exception& e) {
    result.problem = std::string("could not run '") + argv[0] + "': " + e.what();
  }
  co_return result;
}

}  // namespace connectspec
