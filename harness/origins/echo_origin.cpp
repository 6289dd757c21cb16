// echo: writes back everything it reads, as it reads it; passes a half-close back as one.
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class EchoOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    co_await session->echo_until_end();
  }
};

}  // namespace

std::shared_ptr<Origin> make_echo_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace) {
  return std::make_shared<EchoOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
