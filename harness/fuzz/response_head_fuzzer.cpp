// libFuzzer target: bytes a proxy might send back, through the response-head parser and then the
// body framing (RFC 9112 §6.3). Contract, beyond no crash:
//  - a parsed head, written out again, parses to the same head;
//  - the head is found at the same size when only its own bytes have arrived, and not before;
//  - a body found complete is found complete, the same, once its own bytes have arrived and
//    when the connection has closed; a closed connection never leaves a body incomplete.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "http/response_body.hpp"
#include "http/response_head.hpp"

using namespace connectspec;

namespace {

using HeadState = ParseResponse::State;
using BodyState = ResponseBody::State;

std::string serialised(const ResponseHead& h) {
  std::string out = h.status_line() + "\r\n";
  for (const auto& [name, value] : h.fields) out += name + ": " + value + "\r\n";
  return out + "\r\n";
}

bool same_head(const ResponseHead& a, const ResponseHead& b) {
  return a.version == b.version && a.status == b.status && a.reason == b.reason && a.fields == b.fields;
}

void check_head(std::string_view bytes, const ParseResponse& r) {
  const ResponseHead& h = r.head;
  fuzz::require(h.size >= 4 && h.size <= bytes.size() && h.size <= kMaxResponseHead, "head size outside the input");
  fuzz::require(bytes.substr(h.size - 4, 4) == "\r\n\r\n", "head does not end in CRLF CRLF");
  fuzz::require(h.status >= 0 && h.status <= 999, "status is not three digits");

  const ParseResponse own = parse_response_head(bytes.substr(0, h.size));
  fuzz::require(own.state == HeadState::complete && own.head.size == h.size && same_head(own.head, h),
                "the head alone parses differently");
  const ParseResponse shorter = parse_response_head(bytes.substr(0, h.size - 1));
  fuzz::require(shorter.state == HeadState::incomplete, "a head one byte short is not incomplete");

  const std::string again = serialised(h);
  const ParseResponse reparsed = parse_response_head(again);
  fuzz::require(reparsed.state == HeadState::complete && reparsed.head.size == again.size() && same_head(reparsed.head, h),
                "the re-serialised head parses differently: " + reparsed.error);
}

void check_body(const ResponseHead& head, std::string_view rest) {
  const ResponseBody open = parse_response_body(head, rest, false);
  const ResponseBody closed = parse_response_body(head, rest, true);
  fuzz::require(closed.state != BodyState::incomplete, "a closed connection leaves the body incomplete");
  fuzz::require(!closed.framing.empty() || closed.state == BodyState::malformed, "no framing named");
  for (const ResponseBody* b : {&open, &closed}) {
    if (b->state == BodyState::malformed) fuzz::require(!b->error.empty(), "malformed body without a reason");
    if (b->state == BodyState::complete)
      fuzz::require(b->size <= rest.size() && b->body.size() <= b->size, "body larger than its bytes");
  }
  if (open.state == BodyState::malformed)
    fuzz::require(closed.state == BodyState::malformed && closed.error == open.error, "malformed only while open");
  if (open.state != BodyState::complete) return;
  fuzz::require(closed.state == BodyState::complete && closed.size == open.size && closed.body == open.body,
                "complete while open, different once closed");
  const ResponseBody exact = parse_response_body(head, rest.substr(0, open.size), false);
  fuzz::require(exact.state == BodyState::complete && exact.size == open.size && exact.body == open.body,
                "the body's own bytes frame it differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const ParseResponse r = parse_response_head(bytes);
  if (r.state == HeadState::malformed) fuzz::require(!r.error.empty(), "malformed head without a reason");
  if (r.state != HeadState::complete) return 0;
  check_head(bytes, r);
  check_body(r.head, bytes.substr(r.head.size));
  return 0;
}
