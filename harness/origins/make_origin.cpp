#include <stdexcept>

#include "origins/origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

std::shared_ptr<Origin> make_origin(asio::io_context& io, const OriginSpec& spec,
                                    CaseTracePtr trace, asio::ssl::context* tls) {
  switch (spec.kind) {
    case OriginKind::echo: return make_echo_origin(io, spec, std::move(trace));
    case OriginKind::banner: return make_banner_origin(io, spec, std::move(trace));
    case OriginKind::sink: return make_sink_origin(io, spec, std::move(trace));
    case OriginKind::source: return make_source_origin(io, spec, std::move(trace));
    case OriginKind::collect: return make_collect_origin(io, spec, std::move(trace));
    case OriginKind::refuse: return make_refuse_origin(io, spec, std::move(trace));
    case OriginKind::blackhole: return make_blackhole_origin(io, spec, std::move(trace));
    case OriginKind::reset: return make_reset_origin(io, spec, std::move(trace));
    case OriginKind::unreachable: return make_unreachable_origin(io, spec, std::move(trace));
    case OriginKind::http: return make_http_origin(io, spec, std::move(trace));
    case OriginKind::websocket: return make_websocket_origin(io, spec, std::move(trace));
    case OriginKind::trickle: return make_trickle_origin(io, spec, std::move(trace));
    case OriginKind::trap: return make_trap_origin(io, spec, std::move(trace));
    case OriginKind::tls_echo:
      if (tls == nullptr) {
        throw std::invalid_argument("tls-echo origin " + spec.name + " needs a TLS context");
      }
      return make_tls_echo_origin(io, spec, std::move(trace), *tls);
    case OriginKind::https:
      if (tls == nullptr) throw std::invalid_argument("https origin " + spec.name + " needs a TLS context");
      return make_https_origin(io, spec, std::move(trace), *tls);
  }
  throw std::invalid_argument("origin " + spec.name + ": unknown kind");
}

}  // namespace connectspec
