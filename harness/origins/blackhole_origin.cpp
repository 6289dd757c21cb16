// blackhole: accepts and never answers; keeps every connection open until the case ends, so a
// proxy's own timeouts and the client's view of a silent origin can be observed. What arrives
// is still read and recorded.
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class BlackholeOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  // Returns with the socket still open (even after EOF); stop() closes it.
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    co_await session->read_to_end();
  }
};

}  // namespace

std::shared_ptr<Origin> make_blackhole_origin(asio::io_context& io, const OriginSpec& spec,
                                              CaseTracePtr trace) {
  return std::make_shared<BlackholeOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
