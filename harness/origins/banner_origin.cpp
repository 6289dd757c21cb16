// banner: speaks first, like SSH or SMTP servers, then echoes. Shows whether a proxy forwards
// origin bytes before the client has sent anything into the tunnel.
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class BannerOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    bool written = co_await session->write(spec().banner);
    if (!written) {
      session->close();
      co_return;
    }
    co_await session->echo_until_end();
  }
};

}  // namespace

std::shared_ptr<Origin> make_banner_origin(asio::io_context& io, const OriginSpec& spec,
                                           CaseTracePtr trace) {
  return std::make_shared<BannerOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
