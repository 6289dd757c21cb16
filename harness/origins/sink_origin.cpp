// sink: reads and records until the proxy's side ends, never sends, then closes.
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class SinkOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    co_await session->read_to_end();
    session->close();
  }
};

}  // namespace

std::shared_ptr<Origin> make_sink_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace) {
  return std::make_shared<SinkOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
