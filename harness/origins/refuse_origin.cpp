// refuse: a port where nothing listens, so connecting to it is refused. The socket stays bound
// (but not listening) for the whole case: that reserves the port, so no other program can start
// listening on it between "learn a free port" and the proxy's connection attempt.
#include <stdexcept>

#include "origins/loopback_address.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

using asio::ip::tcp;

class RefuseOrigin final : public Origin {
 public:
  RefuseOrigin(asio::io_context& io, OriginSpec spec) : spec_(std::move(spec)), socket_(io) {}

  void start() override {
    tcp::endpoint wanted(loopback_address(spec_.host), 0);
    boost::system::error_code ec;
    // No SO_REUSEADDR: with it, another socket could bind the same port.
    socket_.open(wanted.protocol(), ec);
    if (!ec) socket_.bind(wanted, ec);
    if (!ec) endpoint_ = socket_.local_endpoint(ec);
    if (ec) {
      socket_.close();
      throw std::runtime_error("origin " + spec_.name + ": cannot bind on " + spec_.host + ": " +
                               ec.message());
    }
  }

  void stop() override {
    boost::system::error_code ec;
    socket_.close(ec);
  }

  tcp::endpoint endpoint() const override { return endpoint_; }
  const OriginSpec& spec() const override { return spec_; }
  int accepted() const override { return 0; }
  const std::vector<std::shared_ptr<OriginConnection>>& connections() const override {
    return connections_;
  }

 private:
  OriginSpec spec_;
  tcp::socket socket_;
  tcp::endpoint endpoint_;
  std::vector<std::shared_ptr<OriginConnection>> connections_;  // always empty
};

}  // namespace

std::shared_ptr<Origin> make_refuse_origin(asio::io_context& io, const OriginSpec& spec,
                                           CaseTracePtr) {
  return std::make_shared<RefuseOrigin>(io, spec);
}

}  // namespace connectspec
