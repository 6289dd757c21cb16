// http: a minimal HTTP/1.1 origin server. Every request (head, plus a Content-Length body if
// any) gets `200 OK` with the body "connectspec-origin", and the connection is kept alive. For
// cases where the proxy forwards an ordinary request, e.g. a GET before a CONNECT on the same
// connection, or a GET smuggled after a refused CONNECT that must never arrive here.
#include <cstdlib>

#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

constexpr std::string_view kResponse =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\n\r\nconnectspec-origin";

// Length of the first complete request in `buffer` (head + Content-Length body), or 0.
std::size_t complete_request(std::string_view buffer) {
  auto end = buffer.find("\r\n\r\n");
  if (end == std::string_view::npos) return 0;
  std::size_t head = end + 4;
  std::size_t body = 0;
  std::size_t at = 0;
  while ((at = buffer.find("\r\n", at)) != std::string_view::npos && at < end) {
    at += 2;
    std::string_view line = buffer.substr(at, buffer.find("\r\n", at) - at);
    constexpr std::string_view kName = "content-length:";
    if (line.size() > kName.size()) {
      bool match = true;
      for (std::size_t i = 0; i < kName.size() && match; ++i)
        match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
      if (match) body = std::strtoull(std::string(line.substr(kName.size())).c_str(), nullptr, 10);
    }
  }
  return buffer.size() >= head + body ? head + body : 0;
}

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
        bool written = co_await session->write(kResponse);
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
