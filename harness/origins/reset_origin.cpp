// reset: accepts, reads `after_bytes` bytes (none by default), then aborts the connection with a
// TCP RST, as a crashing or firewalled server does. The proxy must end the tunnel, not hang.
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class ResetOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    std::string chunk;
    while (session->record().received.size() < spec().after_bytes) {
      bool more = co_await session->read_some(chunk);
      if (!more) break;
    }
    session->abort();
  }
};

}  // namespace

std::shared_ptr<Origin> make_reset_origin(asio::io_context& io, const OriginSpec& spec,
                                          CaseTracePtr trace) {
  return std::make_shared<ResetOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
