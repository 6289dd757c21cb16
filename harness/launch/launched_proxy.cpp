#include "launch/launched_proxy.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
// Boost 1.81 Process v2 headers miss these two includes of their own.
#include <boost/optional.hpp>
#include <type_traits>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>
#include <fstream>

namespace connectspec {

namespace bp = boost::process::v2;
using namespace asio::experimental::awaitable_operators;

namespace {

// Runs in the child between fork and exec: a process group of its own lets stop() signal the
// proxy and everything it forked (workers, helpers) at once. The parent-death signal is the
// backstop for a harness that is killed outright and never gets to call stop().
struct OwnProcessGroup {
  ::pid_t harness = ::getpid();  // evaluated in the parent, before the fork
  template <typename Launcher>
  bp::error_code on_exec_setup(Launcher&, const bp::filesystem::path&, const char* const*&) {
    if (::setpgid(0, 0) != 0) return bp::error_code(errno, bp::system_category());
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return bp::error_code(errno, bp::system_category());
    if (::getppid() != harness) ::_exit(1);  // the harness died before prctl took effect
    return {};
  }
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

asio::awaitable<void> pause(asio::any_io_executor ex, std::chrono::milliseconds d) {
  asio::steady_timer t(ex, d);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

class LaunchedProxy final : public ProxyUnderTest {
 public:
  LaunchedProxy(asio::any_io_executor ex, LaunchSpec spec) : ex_(std::move(ex)), spec_(std::move(spec)) {
    ep_ = {spec_.host, spec_.announce_prefix.empty() ? free_loopback_port(spec_.host) : std::uint16_t{0}};
    name_ = spec_.display_name;
  }
  ~LaunchedProxy() override { kill_group(SIGKILL); }

  std::string implementation() const override { return name_; }
  Endpoint endpoint() const override { return ep_; }
  int generation() const override { return generation_; }

  bool alive() override {
    if (!proc_) return false;
    bp::error_code ec;
    if (proc_->running(ec)) return true;
    if (!exited_) {
      exited_ = true;
      status_ = proc_->native_exit_code();
    }
    return false;
  }

  std::string exit_description() override {
    if (!exited_) return "still running";
    if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_)) + " (" + strsignal(WTERMSIG(status_)) + ")";
    return "exited with status " + std::to_string(WEXITSTATUS(status_));
  }

  std::string log_tail(std::size_t max_bytes) override {
    std::ifstream in(spec_.log_file, std::ios::binary | std::ios::ate);
    if (!in) return {};
    std::streamoff size = in.tellg();
    std::streamoff from = size > static_cast<std::streamoff>(max_bytes) ? size - static_cast<std::streamoff>(max_bytes) : 0;
    in.seekg(from);
    std::string out(static_cast<std::size_t>(size - from), '\0');
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    return out;
  }

  asio::awaitable<std::optional<std::string>> ensure_running() override {
    if (proc_ && alive()) co_return std::nullopt;
    if (!version_read_) co_await read_version();
    std::size_t log_offset = log_size();
    if (auto err = start()) co_return err;
    auto deadline = Clock::now() + scaled(spec_.ready_timeout_ms);
    auto err = ep_.port == 0 ? co_await read_announced_port(log_offset, deadline) : std::nullopt;
    if (!err) err = co_await wait_for_port(ep_, deadline, [this] { return alive(); });
    if (err) {
      std::string why = *err;
      if (!alive()) why += "; the proxy " + exit_description();
      co_await stop();
      co_return "could not start " + name_ + " (" + spec_.executable.string() + "): " + why +
                "\n--- its output (" + spec_.log_file.string() + ") ---\n" + log_tail(4000);
    }
    co_return std::nullopt;
  }

  asio::awaitable<void> stop() override {
    if (!proc_ || !alive()) co_return;
    kill_group(SIGTERM);
    auto give_up = Clock::now() + scaled(spec_.stop_grace_ms);
    while (alive() && Clock::now() < give_up) co_await pause(ex_, std::chrono::milliseconds(10));
    if (alive()) {
      kill_group(SIGKILL);
      auto reaped = Clock::now() + std::chrono::seconds(5);
      while (alive() && Clock::now() < reaped) co_await pause(ex_, std::chrono::milliseconds(10));
    }
  }

 private:
  std::chrono::milliseconds scaled(int ms) const {
    return std::chrono::milliseconds(static_cast<long long>(ms * spec_.timeout_scale));
  }

  std::size_t log_size() const {
    std::error_code ec;
    auto n = std::filesystem::file_size(spec_.log_file, ec);
    return ec ? 0 : static_cast<std::size_t>(n);
  }

  std::string read_log_from(std::size_t offset) const {
    std::ifstream in(spec_.log_file, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Waits (bounded) for "<prefix>host:port" in what the proxy printed since log_offset.
  asio::awaitable<std::optional<std::string>> read_announced_port(std::size_t log_offset, Clock::time_point deadline) {
    const std::string needle = spec_.announce_prefix + spec_.host + ":";
    while (Clock::now() < deadline && alive()) {
      std::string out = read_log_from(log_offset);
      auto at = out.find(needle);
      if (at != std::string::npos) {
        unsigned port = std::strtoul(out.c_str() + at + needle.size(), nullptr, 10);
        if (port > 0 && port < 65536) {
          ep_.port = static_cast<std::uint16_t>(port);
          co_return std::nullopt;
        }
      }
      co_await pause(ex_, std::chrono::milliseconds(5));
    }
    co_return "the proxy did not announce its port (\"" + needle + "PORT\")" + (alive() ? " in time" : "");
  }

  void kill_group(int sig) {
    if (proc_ && pgid_ > 0) ::kill(-pgid_, sig);
  }

  std::optional<std::string> start() {
    std::vector<std::string> args;
    for (const auto& a : spec_.args)
      args.push_back(replace_all(replace_all(a, "{port}", std::to_string(ep_.port)), "{host}", ep_.host));
    FILE* log = std::fopen(spec_.log_file.c_str(), "a");
    if (!log) return "cannot write the proxy log " + spec_.log_file.string();
    std::fprintf(log, "--- connectspec: starting %s on %s ---\n", spec_.executable.c_str(), ep_.authority().c_str());
    std::fflush(log);
    try {
      proc_ = std::make_unique<bp::process>(ex_, spec_.executable, args, bp::process_stdio{nullptr, log, log},
                                            OwnProcessGroup{});
    } catch (const std::exception& e) {
      std::fclose(log);
      proc_.reset();
      return "could not start " + spec_.executable.string() + ": " + e.what();
    }
    std::fclose(log);
    pgid_ = proc_->id();
    exited_ = false;
    ++generation_;
    return std::nullopt;
  }

  asio::awaitable<void> read_version() {
    version_read_ = true;
    if (spec_.version_args.empty()) co_return;
    try {
      asio::readable_pipe out(ex_);
      bp::process p(ex_, spec_.executable, spec_.version_args, bp::process_stdio{nullptr, out, nullptr});
      std::string text;
      asio::steady_timer limit(ex_, scaled(5000));
      auto r = co_await (asio::async_read(out, asio::dynamic_buffer(text), asio::as_tuple(asio::use_awaitable)) ||
                         limit.async_wait(asio::as_tuple(asio::use_awaitable)));
      (void)r;
      auto line = text.substr(0, text.find('\n'));
      if (!line.empty()) name_ = line;
    } catch (const std::exception&) {
      // The name stays the display name; a missing binary is reported by start().
    }
  }

  asio::any_io_executor ex_;
  LaunchSpec spec_;
  Endpoint ep_;
  std::string name_;
  std::unique_ptr<bp::process> proc_;
  int pgid_ = 0;
  int generation_ = 0;
  bool exited_ = false;
  int status_ = 0;
  bool version_read_ = false;
};

}  // namespace

std::uint16_t free_loopback_port(const std::string& host) {
  asio::io_context io;
  asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address(host), 0));
  return a.local_endpoint().port();
}

std::unique_ptr<ProxyUnderTest> launch_proxy(asio::any_io_executor ex, LaunchSpec spec) {
  return std::make_unique<LaunchedProxy>(std::move(ex), std::move(spec));
}

}  // namespace connectspec
