#include "launch/client_process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/writable_pipe.hpp>

#include "launch/process_v2.hpp"

extern char** environ;

namespace connectspec {

namespace bp = boost::process::v2;
using namespace asio::experimental::awaitable_operators;

namespace {

// Proxy settings of the caller's environment would send the client elsewhere, or past the proxy.
bool proxy_setting(std::string_view entry) {
  auto eq = entry.find('=');
  std::string name(entry.substr(0, eq));
  for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return name == "http_proxy" || name == "https_proxy" || name == "all_proxy" || name == "no_proxy" ||
         name == "ftp_proxy";
}

asio::awaitable<void> read_capped(asio::readable_pipe& pipe, std::string& out, std::size_t limit, bool& truncated) {
  std::array<char, 8192> buf;
  for (;;) {
    auto [ec, n] = co_await pipe.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (out.size() < limit) out.append(buf.data(), std::min(n, limit - out.size()));
    else if (n > 0) truncated = true;
    if (ec) co_return;
  }
}

}  // namespace

asio::awaitable<ClientRun> run_client_command(asio::any_io_executor ex, const std::string& command_line,
                                              const std::filesystem::path& working_dir,
                                              const std::vector<std::string>& extra_env,
                                              std::chrono::milliseconds limit) {
  ClientRun result;
  const auto started = Clock::now();
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (!proxy_setting(*e)) env.emplace_back(*e);
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  try {
    asio::readable_pipe out(ex), err(ex);
    asio::writable_pipe out_w(ex), err_w(ex);
    asio::connect_pipe(out, out_w);
    asio::connect_pipe(err, err_w);
    bp::process p(ex, "/bin/sh", {"-c", command_line}, bp::process_stdio{nullptr, out_w, err_w},
                  bp::process_environment(env), bp::process_start_dir(working_dir.string()), OwnProcessGroup{},
                  InheritNothing{});
    const ::pid_t group = p.id();
    out_w.close();
    err_w.close();
    asio::steady_timer timer(ex, limit);
    auto done = co_await ((read_capped(out, result.out, kClientOutLimit, result.out_truncated) &&
                           read_capped(err, result.err, kClientErrLimit, result.err_truncated)) ||
                          timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    // Both outputs closed: it exited, or something it started holds them; either way the same
    // deadline bounds the wait for its exit. Polled: cancelling Process v2's async_wait is not
    // safe in Boost 1.81.
    bp::error_code ec;
    while (done.index() == 0 && p.running(ec) && Clock::now() < timer.expiry()) {
      asio::steady_timer tick(ex, std::chrono::milliseconds(5));
      co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (p.running(ec)) {
      ::kill(-group, SIGKILL);
      p.wait(ec);
      result.problem = "killed after " + std::to_string(limit.count()) + " ms: it did not exit";
    } else {
      ::kill(-group, SIGKILL);  // what it left behind in its group
      int native = p.native_exit_code();
      if (WIFSIGNALED(native)) result.problem = "died of signal " + std::to_string(WTERMSIG(native)) + " (" + strsignal(WTERMSIG(native)) + ")";
      else result.exit_status = p.exit_code();
    }
  } catch (const std::exception& e) {
    result.problem = std::string("could not start /bin/sh: ") + e.what();
  }
  result.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  co_return result;
}

}  // namespace connectspec
