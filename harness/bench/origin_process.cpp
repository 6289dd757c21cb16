#include "bench/origin_process.hpp"

#include <signal.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <filesystem>

#include "launch/process_v2.hpp"
#include "bench/tuple_awaitable.hpp"

namespace connectspec::bench {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr std::string_view kAnnounce = "bench origin listening on 127.0.0.1:";

class ChildOrigin final : public OriginProcess {
 public:
  ChildOrigin(bp::process p, asio::writable_pipe stdin_w, std::uint16_t port)
      : process_(std::move(p)), stdin_(std::move(stdin_w)), port_(port) {}
  ~ChildOrigin() override {
    boost::system::error_code ec;
    stdin_.close(ec);  // its signal to end
    ::kill(process_.id(), SIGKILL);
    process_.wait(ec);
  }
  Endpoint endpoint() const override { return {"127.0.0.1", port_}; }

 private:
  bp::process process_;
  asio::writable_pipe stdin_;
  std::uint16_t port_;
};

asio::awaitable<std::string> read_line(asio::readable_pipe& out) {
  std::string line;
  std::array<char, 256> buf;
  while (line.find('\n') == std::string::npos && line.size() < 4096) {
    auto [ec, n] = co_await out.async_read_some(asio::buffer(buf), tuple_awaitable);
    line.append(buf.data(), n);
    if (ec) break;
  }
  co_return line;
}

}  // namespace

asio::awaitable<StartedOrigin> start_origin_process(unsigned short port, int chunk_bytes, std::chrono::milliseconds limit) {
  auto ex = co_await asio::this_coro::executor;
  std::error_code fec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", fec);
  if (fec) co_return "cannot find the connectspec program: " + fec.message();
  try {
    asio::readable_pipe stdin_r(ex), out(ex);
    asio::writable_pipe stdin_w(ex), out_w(ex);
    asio::connect_pipe(stdin_r, stdin_w);
    asio::connect_pipe(out, out_w);
    bp::process p(ex, self.string(),
                  {"bench-origin", "--port", std::to_string(port), "--chunk-bytes", std::to_string(chunk_bytes)},
                  bp::process_stdio{stdin_r, out_w, {}}, InheritNothing{});
    stdin_r.close();
    out_w.close();
    asio::steady_timer timer(ex, limit);
    auto r = co_await (read_line(out) || timer.async_wait(tuple_awaitable));
    std::string line = r.index() == 0 ? std::get<0>(r) : std::string();
    auto at = line.find(kAnnounce);
    if (at == std::string::npos) {
      ::kill(p.id(), SIGKILL);
      boost::system::error_code ec;
      p.wait(ec);
      co_return "the bench origin did not start" + (line.empty() ? std::string(" in time") : ": " + line);
    }
    auto announced = static_cast<std::uint16_t>(std::stoul(line.substr(at + kAnnounce.size())));
    co_return std::unique_ptr<OriginProcess>(new ChildOrigin(std::move(p), std::move(stdin_w), announced));
  } catch (const std::exception& e) {
    co_return std::string("cannot start the bench origin: ") + e.what();
  }
}

}  // namespace connectspec::bench
