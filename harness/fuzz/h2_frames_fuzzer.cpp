// libFuzzer target: bytes an HTTP/2 proxy might send to the harness's client connection. The
// first byte picks the size of the pieces the rest arrives in. Contract, beyond no crash:
//  - what the connection makes of the bytes does not depend on how they were cut: the frames
//    described, the connection error, each stream's heads, data, END_STREAM and reset are the
//    same as when every byte arrives at once;
//  - what the client sends back is bounded by what it received (acknowledgements and credit:
//    never more than a fixed amount per received frame).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "h2/client_connection.hpp"

using namespace connectspec;
using namespace connectspec::h2;

namespace {

struct Seen {
  std::vector<std::string> frames;
  std::string error;
  std::string streams;  // each stream's state, flattened
  std::size_t output = 0;
};

std::string flatten(const HeaderList& fields) {
  std::string out;
  for (const auto& f : fields) out += f.name + ":" + f.value + (f.never_index ? "!" : "") + "\n";
  return out;
}

Seen run(std::string_view bytes, std::size_t piece) {
  ClientConnection c;
  c.open_stream({{":method", "CONNECT"}, {":authority", "127.0.0.1:9"}});
  c.send_data(1, std::string(70000, 'x'));  // held back by flow control until the peer grants credit
  c.take_output();
  Seen seen;
  for (std::size_t at = 0; at < bytes.size(); at += piece) c.feed(bytes.substr(at, piece));
  seen.frames = c.received_frames();
  seen.error = c.connection_error();
  seen.output = c.take_output().size();
  for (std::uint32_t id = 0; id < 64; ++id) {
    const StreamState* st = c.stream(id);
    if (!st) continue;
    seen.streams += "#" + std::to_string(id) + " " + std::to_string(st->informational.size()) + " ";
    for (const auto& h : st->informational) seen.streams += flatten(h);
    if (st->response) seen.streams += "R" + flatten(*st->response);
    if (st->trailers) seen.streams += "T" + flatten(*st->trailers);
    seen.streams += "D" + std::to_string(st->data.size()) + (st->end_stream ? "E" : "") +
                    (st->reset ? "X" + std::to_string(*st->reset) : "");
  }
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Seen whole = run(bytes, bytes.size() + 1);
  const Seen cut = run(bytes, piece);
  fuzz::require(cut.frames == whole.frames, "the frames received depend on how the bytes were cut");
  fuzz::require(cut.error == whole.error, "the connection error depends on how the bytes were cut: '" + cut.error +
                                              "' vs '" + whole.error + "'");
  fuzz::require(cut.streams == whole.streams, "the streams' state depends on how the bytes were cut");
  // Per received frame at most: a SETTINGS or PING acknowledgement (17 bytes), two WINDOW_UPDATEs
  // (26), and the header of a DATA frame that credit releases (9, one more when the credit spans
  // frames); the held DATA itself is 70000 bytes in all.
  const std::size_t bound = 70000 + (whole.frames.size() + 8) * 60;
  fuzz::require(whole.output <= bound, "the client answered " + std::to_string(whole.output) + " bytes to " +
                                           std::to_string(whole.frames.size()) + " frames");
  return 0;
}
