// What every party of one case writes to: the transcript and the change notifier. Shared (not
// owned by the case runner alone) because socket coroutines may still be unwinding after the
// case ends, and they must find both alive.
#pragma once

#include <memory>

#include "engine/notifier.hpp"
#include "engine/wire_log.hpp"

namespace connectspec {

struct CaseTrace {
  explicit CaseTrace(asio::any_io_executor executor) : changed(std::move(executor)) {}
  WireLog log;
  Notifier changed;
};

using CaseTracePtr = std::shared_ptr<CaseTrace>;

}  // namespace connectspec
