// collect: reads until EOF, then sends back exactly what it received and closes. The reply can
// only reach the client if the proxy passed the client's half-close on to the origin while
// keeping the other direction open.
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class CollectOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    co_await session->read_to_end();
    if (session->stopped()) co_return;
    // After a reset there is no one to reply to.
    if (session->record().eof) co_await session->write(session->record().received);
    session->close();
  }
};

}  // namespace

std::shared_ptr<Origin> make_collect_origin(asio::io_context& io, const OriginSpec& spec,
                                            CaseTracePtr trace) {
  return std::make_shared<CollectOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
