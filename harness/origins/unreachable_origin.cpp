// unreachable: a black hole at the TCP level. The port listens with an accept queue of length
// zero that two filler connections of our own keep full, and nothing is ever accepted, so the
// kernel drops every further SYN: a proxy's connect() neither succeeds nor is refused, and only
// the proxy's own connect timeout can end the wait (the catalogue's "black-hole" origin). Unlike
// `blackhole`, which accepts and stays silent, no connection to it is ever established.
#include <cerrno>
#include <stdexcept>
#include <sys/socket.h>

#include "origins/loopback_address.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

using asio::ip::tcp;

constexpr int kFillers = 2;

class UnreachableOrigin final : public Origin {
 public:
  UnreachableOrigin(asio::io_context& io, OriginSpec spec) : io_(io), spec_(std::move(spec)), acceptor_(io) {}

  void start() override {
    tcp::endpoint wanted(loopback_address(spec_.host), 0);
    boost::system::error_code ec;
    acceptor_.open(wanted.protocol(), ec);
    if (!ec) acceptor_.bind(wanted, ec);
    if (!ec) acceptor_.listen(0, ec);
    if (!ec) endpoint_ = acceptor_.local_endpoint(ec);
    // The handshakes of the fillers complete in the kernel without an accept; once the queue is
    // over its length, SYNs are dropped. A filler that cannot connect at once is fine: the queue
    // is then already full.
    fillers_.reserve(kFillers);
    for (int i = 0; i < kFillers && !ec; ++i) {
      tcp::socket& s = fillers_.emplace_back(io_);
      s.open(wanted.protocol(), ec);
      if (!ec) s.non_blocking(true, ec);
      // POSIX connect on the non-blocking socket: Asio's own connect would wait for the
      // handshake, and the second filler's never completes.
      if (!ec && ::connect(s.native_handle(), endpoint_.data(), static_cast<socklen_t>(endpoint_.size())) != 0 &&
          errno != EINPROGRESS && errno != EAGAIN)
        ec = boost::system::error_code(errno, boost::system::system_category());
    }
    if (ec) {
      stop();
      throw std::runtime_error("origin " + spec_.name + ": cannot set up an unreachable port on " + spec_.host +
                               ": " + ec.message());
    }
  }

  void stop() override {
    boost::system::error_code ec;
    for (auto& s : fillers_) s.close(ec);
    acceptor_.close(ec);
  }

  tcp::endpoint endpoint() const override { return endpoint_; }
  const OriginSpec& spec() const override { return spec_; }
  int accepted() const override { return 0; }
  const std::vector<std::shared_ptr<OriginConnection>>& connections() const override { return connections_; }

 private:
  asio::io_context& io_;
  OriginSpec spec_;
  tcp::acceptor acceptor_;
  tcp::endpoint endpoint_;
  std::vector<tcp::socket> fillers_;
  std::vector<std::shared_ptr<OriginConnection>> connections_;  // always empty
};

}  // namespace

std::shared_ptr<Origin> make_unreachable_origin(asio::io_context& io, const OriginSpec& spec, CaseTracePtr) {
  return std::make_shared<UnreachableOrigin>(io, spec);
}

}  // namespace connectspec
