// One factory per origin kind, each defined in its own file; make_origin picks among them.
#pragma once

#include <memory>

#include "origins/origin.hpp"

namespace connectspec {

std::shared_ptr<Origin> make_echo_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace);
std::shared_ptr<Origin> make_banner_origin(asio::io_context& io, const OriginSpec& spec,
                                           CaseTracePtr trace);
std::shared_ptr<Origin> make_sink_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace);
std::shared_ptr<Origin> make_source_origin(asio::io_context& io, const OriginSpec& spec,
                                           CaseTracePtr trace);
std::shared_ptr<Origin> make_collect_origin(asio::io_context& io, const OriginSpec& spec,
                                            CaseTracePtr trace);
std::shared_ptr<Origin> make_refuse_origin(asio::io_context& io, const OriginSpec& spec,
                                           CaseTracePtr trace);
std::shared_ptr<Origin> make_blackhole_origin(asio::io_context& io, const OriginSpec& spec,
                                              CaseTracePtr trace);
std::shared_ptr<Origin> make_reset_origin(asio::io_context& io, const OriginSpec& spec,
                                          CaseTracePtr trace);
std::shared_ptr<Origin> make_unreachable_origin(asio::io_context& io, const OriginSpec& spec,
                                                CaseTracePtr trace);
std::shared_ptr<Origin> make_http_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace);
std::shared_ptr<Origin> make_websocket_origin(asio::io_context& io, const OriginSpec& spec,
                                              CaseTracePtr trace);
std::shared_ptr<Origin> make_trickle_origin(asio::io_context& io, const OriginSpec& spec,
                                            CaseTracePtr trace);
std::shared_ptr<Origin> make_trap_origin(asio::io_context& io, const OriginSpec& spec,
                                         CaseTracePtr trace);
std::shared_ptr<Origin> make_tls_echo_origin(asio::io_context& io, const OriginSpec& spec,
                                             CaseTracePtr trace, asio::ssl::context& tls);

std::shared_ptr<Origin> make_https_origin(asio::io_context& io, const OriginSpec& spec,
                                          CaseTracePtr trace, asio::ssl::context& tls);

}  // namespace connectspec
