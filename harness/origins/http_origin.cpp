// http: a minimal HTTP/1.1 origin server. Every request (head, plus a Content-Length body if
// any) gets `200 OK` with the body "connectspec-origin", and the connection is kept alive. For
// cases where the proxy forwards an ordinary request, e.g. a GET before a CONNECT on the same
// connection, or a GET smuggled after a refused CONNECT that must never arrive here.
#include "origins/listening_origin.hpp"
#include "origins/origin_http.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

class HttpOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    std::string pending, chunk;
    for (;;) {
      bool more = co_await session->read_some(chunk);
      pending += chunk;
      while (std::size_t n = complete_request(pending)) {
        pending.erase(0, n);
        bool written = co_await session->write(kOriginHttpResponse);
        if (!written) co_return;
      }
      if (!more) break;
    }
    session->close();
  }
};

}  // namespace

std::shared_ptr<Origin> make_http_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace) {
  return std::make_shared<HttpOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
