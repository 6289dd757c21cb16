// What every party of one case writes to: the transcript and the change notifier. Shared (not
// owned by the case runner alone) because socket coroutines may still be unwinding after the
// case ends, and they must find both alive.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "trace/notifier.hpp"
#include "trace/wire_log.hpp"

namespace connectspec {

// What one connection may receive from the proxy before the harness stops reading it: a hostile
// proxy streaming without end must cost a failed case, not the machine's memory.
inline constexpr std::size_t kDefaultMaxReceivedBytes = 16u << 20;
// The same for the connections a case only holds open (step `hold`), which no step reads.
inline constexpr std::size_t kHeldConnectionBytes = 64u << 10;

struct CaseTrace {
  explicit CaseTrace(asio::any_io_executor executor) : changed(std::move(executor)) {}
  WireLog log;
  Notifier changed;
  std::size_t max_received_bytes = kDefaultMaxReceivedBytes;  // per connection (--max-response-bytes)
  std::string cut_off;  // set when a connection reached that limit: said in the failing check

  // Of `incoming` bytes arriving on a connection that holds `held`, how many may be kept; on
  // reaching the limit, records why the rest was cut off.
  std::size_t admit(std::size_t held, std::size_t incoming, const std::string& leg) {
    if (held + incoming <= max_received_bytes) return incoming;
    std::string why = "the proxy sent more than " + std::to_string(max_received_bytes) + " bytes on the " + leg +
                      " connection; connectspec stopped reading it there (--max-response-bytes)";
    log.note(leg, why);
    if (cut_off.empty()) cut_off = why;
    return held < max_received_bytes ? max_received_bytes - held : 0;
  }
};

using CaseTracePtr = std::shared_ptr<CaseTrace>;

}  // namespace connectspec
