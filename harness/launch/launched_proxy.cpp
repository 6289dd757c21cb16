#include "launch/launched_proxy.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include "launch/process_v2.hpp"
#include <fstream>

extern char** environ;

namespace connectspec {

namespace bp = boost::process::v2;

namespace {

asio::awaitable<void> pause(asio::any_io_executor ex, std::chrono::milliseconds d) {
  asio::steady_timer t(ex, d);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

class LaunchedProxy final : public ProxyUnderTest {
 public:
  LaunchedProxy(asio::any_io_executor ex, LaunchSpec spec) : ex_(std::move(ex)), spec_(std::move(spec)) {
    std::uint16_t port = spec_.port;
    if (port == 0 && spec_.announce_prefix.empty()) port = free_loopback_port(spec_.host);
    ep_ = {spec_.host, port};
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

  // The proxy's own output, then the tail of each log file it writes, each labelled.
  std::string log_tail(std::size_t max_bytes) override {
    std::string out = file_tail(spec_.log_file, max_bytes);
    for (const auto& log : spec_.extra_logs) {
      std::string tail = file_tail(log, max_bytes);
      if (!tail.empty()) out += "\n--- " + log.filename().string() + " ---\n" + tail;
    }
    return out;
  }

  LogMark log_mark() override {
    LogMark mark;
    for (const auto& f : log_files()) mark.push_back(file_size_or_zero(f));
    return mark;
  }

  // Each log's bytes after the mark (all of it when the file is new or was rewritten by a
  // restart), labelled like log_tail; a window longer than max_bytes keeps its last max_bytes.
  std::string log_since(const LogMark& mark, std::size_t max_bytes) override {
    std::string out;
    auto files = log_files();
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::uintmax_t from = i < mark.size() ? mark[i] : 0;
      std::uintmax_t size = file_size_or_zero(files[i]);
      if (size < from) from = 0;
      std::string part = file_tail(files[i], std::min<std::uintmax_t>(size - from, max_bytes));
      if (part.empty()) continue;
      if (i > 0 || !out.empty()) out += (out.empty() ? "" : "\n") + std::string("--- ") + files[i].filename().string() + " ---\n";
      out += part;
    }
    return out;
  }

  asio::awaitable<std::optional<std::string>> ensure_running() override {
    if (proc_ && alive()) co_return std::nullopt;
    std::size_t log_offset = log_size();
    std::size_t ready_log_offset = ready_log_size();
    if (auto err = start()) co_return err;
    auto deadline = Clock::now() + scaled(spec_.ready_timeout_ms);
    std::optional<std::string> err;
    if (spec_.port == 0 && !spec_.announce_prefix.empty()) err = co_await read_announced_port(log_offset, deadline);
    if (!err) err = co_await wait_for_port(ep_, deadline, [this] { return alive(); });
    if (!err) err = co_await wait_for_ready_log(ready_log_offset, deadline);
    if (!err && spec_.probe) err = co_await probe_until_ready(deadline);
    if (err) {
      std::string why = *err;
      if (!alive()) why += "; the proxy " + exit_description();
      co_await stop();
      co_return "could not start " + name_ + " (" + command_line() + "): " + why +
                "\n--- its output (" + spec_.log_file.string() + ") ---\n" + log_tail(4000);
    }
    co_return std::nullopt;
  }

  asio::awaitable<void> stop() override {
    if (!proc_ || !alive()) co_return;
    kill_group(spec_.stop_signal);
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

  std::vector<std::filesystem::path> log_files() const {
    std::vector<std::filesystem::path> files{spec_.log_file};
    files.insert(files.end(), spec_.extra_logs.begin(), spec_.extra_logs.end());
    return files;
  }

  static std::uintmax_t file_size_or_zero(const std::filesystem::path& f) {
    std::error_code ec;
    auto n = std::filesystem::file_size(f, ec);
    return ec ? 0 : n;
  }

  std::size_t log_size() const {
    std::error_code ec;
    auto n = std::filesystem::file_size(spec_.log_file, ec);
    return ec ? 0 : static_cast<std::size_t>(n);
  }

  std::filesystem::path ready_log_file() const {
    return spec_.ready_log && !spec_.ready_log->first.empty() ? spec_.ready_log->first : spec_.log_file;
  }

  std::size_t ready_log_size() const {
    std::error_code ec;
    auto n = std::filesystem::file_size(ready_log_file(), ec);
    return ec ? 0 : static_cast<std::size_t>(n);
  }

  std::string command_line() const {
    std::string s = spec_.executable.string();
    for (const auto& a : spec_.args) s += " " + a;
    return s;
  }

  // Bounded: the ready line must appear in what the proxy wrote since this start.
  asio::awaitable<std::optional<std::string>> wait_for_ready_log(std::size_t offset, Clock::time_point deadline) {
    if (!spec_.ready_log) co_return std::nullopt;
    while (Clock::now() < deadline && alive()) {
      if (read_log_from(ready_log_file(), offset).find(spec_.ready_log->second) != std::string::npos) co_return std::nullopt;
      co_await pause(ex_, std::chrono::milliseconds(20));
    }
    co_return "\"" + spec_.ready_log->second + "\" never appeared in " + ready_log_file().string() +
        (alive() ? " in time" : "");
  }

  // Some proxies accept before they can serve (Traffic Server): retry the probe until it works.
  asio::awaitable<std::optional<std::string>> probe_until_ready(Clock::time_point deadline) {
    std::optional<ProbeFailure> failure;
    int attempts = 0;
    while (Clock::now() < deadline && alive()) {
      ++attempts;
      failure = co_await spec_.probe(ep_);
      if (!failure) co_return std::nullopt;
      if (failure->final) co_return failure->why;
      co_await pause(ex_, std::chrono::milliseconds(100));
    }
    co_return "not ready: " + (failure ? failure->why : std::string("the proxy exited")) + " (" +
        std::to_string(attempts) + " attempts)";
  }

  static std::string read_log_from(const std::filesystem::path& file, std::size_t offset) {
    std::ifstream in(file, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Waits (bounded) for "<prefix>host:port" in what the proxy printed since log_offset.
  asio::awaitable<std::optional<std::string>> read_announced_port(std::size_t log_offset, Clock::time_point deadline) {
    const std::string needle = spec_.announce_prefix + spec_.host + ":";
    while (Clock::now() < deadline && alive()) {
      std::string out = read_log_from(spec_.log_file, log_offset);
      auto at = out.find(needle);
      // Only a whole number counts: the line may be read half written ("...:3" of "...:37527\n").
      auto end = at == std::string::npos ? at : out.find_first_not_of("0123456789", at + needle.size());
      if (end != std::string::npos) {
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
    FILE* log = std::fopen(spec_.log_file.c_str(), "a");
    if (!log) return "cannot write the proxy log " + spec_.log_file.string();
    std::fprintf(log, "--- connectspec: starting %s on %s ---\n", spec_.executable.c_str(), ep_.authority().c_str());
    std::fflush(log);
    try {
      std::vector<std::string> env;
      for (char** e = environ; *e; ++e) env.emplace_back(*e);
      env.insert(env.end(), spec_.env.begin(), spec_.env.end());
      auto dir = spec_.working_dir.empty() ? std::filesystem::current_path() : spec_.working_dir;
      proc_ = std::make_unique<bp::process>(ex_, spec_.executable, spec_.args, bp::process_stdio{nullptr, log, log},
                                            bp::process_environment(env), bp::process_start_dir(dir.string()),
                                            OwnProcessGroup{}, InheritNothing{});
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

  asio::any_io_executor ex_;
  LaunchSpec spec_;
  Endpoint ep_;
  std::string name_;
  std::unique_ptr<bp::process> proc_;
  int pgid_ = 0;
  int generation_ = 0;
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace

std::string file_tail(const std::filesystem::path& file, std::size_t max_bytes) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return {};
  std::streamoff size = in.tellg();
  std::streamoff from = size > static_cast<std::streamoff>(max_bytes) ? size - static_cast<std::streamoff>(max_bytes) : 0;
  in.seekg(from);
  std::string out(static_cast<std::size_t>(size - from), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  return out;
}

std::unique_ptr<ProxyUnderTest> launch_proxy(asio::any_io_executor ex, LaunchSpec spec) {
  return std::make_unique<LaunchedProxy>(std::move(ex), std::move(spec));
}

}  // namespace connectspec
