// libFuzzer target: a results file (connectspec-results/2, and /1) through the reader that `merge`,
// `compare` and the report writers use, which decodes every transcript's bytes from the
// visible-bytes notation. Contract, beyond no crash:
//  - a rejected file's error names the file, and a syntax error its line and column (>= 1);
//  - every decoded transcript and stream edge re-encodes to exactly the text in the file;
//  - on the raw input as well: visible text decodes and re-encodes to itself, and any bytes
//    encode and decode to themselves.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "report/read/results_reader.hpp"
#include "report/shared/visible_bytes.hpp"

using namespace connectspec;

namespace {

constexpr std::string_view kFile = "fuzz/results.json";

void check_error(const std::string& error) {
  const std::string file(kFile);
  fuzz::require(error.rfind(file + ":", 0) == 0, "error does not name the file: " + error);
  // A schema error is "fuzz/results.json: PATH: ..." (and may quote the file's text, whatever it
  // holds); a syntax error is "fuzz/results.json:LINE:COL: not valid JSON (...)".
  std::size_t line = 0, column = 0, at = file.size() + 1;
  if (at < error.size() && error[at] == ' ') return;
  while (at < error.size() && error[at] >= '0' && error[at] <= '9') line = line * 10 + (error[at++] - '0');
  fuzz::require(at < error.size() && error[at] == ':', "syntax error without a line: " + error);
  ++at;
  while (at < error.size() && error[at] >= '0' && error[at] <= '9') column = column * 10 + (error[at++] - '0');
  fuzz::require(line >= 1 && column >= 1 && error.compare(at, 2, ": ") == 0, "syntax error without line:col: " + error);
}

void require_reencodes(const std::string& decoded, const boost::json::value& original, const std::string& what) {
  fuzz::require(visible_bytes(decoded) == original.as_string(), what + " does not re-encode to the file's text");
}

// The file's own strings, beside what the reader made of them.
void check_transcripts(const std::string& text, const LoadedResults& loaded) {
  const boost::json::value doc = boost::json::parse(text);
  const boost::json::array& cases = doc.at("cases").as_array();
  fuzz::require(cases.size() == loaded.results.size(), "not every case was read");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const CaseResult& r = loaded.results[i];
    const boost::json::array& events = cases[i].at("transcript").as_array();
    fuzz::require(events.size() == r.transcript.size(), "not every transcript event was read");
    for (std::size_t k = 0; k < events.size(); ++k) {
      const WireEvent& e = r.transcript[k];
      if (e.kind == WireEvent::Kind::data) require_reencodes(e.bytes, events[k].at("data"), "transcript data");
      (void)describe_event(e, 64);  // what the console and text reports print of it
    }
    const boost::json::object& c = cases[i].as_object();
    if (!c.contains("streams") || c.at("streams").is_null()) continue;
    const boost::json::array& streams = c.at("streams").as_array();
    fuzz::require(streams.size() == r.streams.size(), "not every stream was read");
    for (std::size_t k = 0; k < streams.size(); ++k) {
      require_reencodes(r.streams[k].head, streams[k].at("head"), "stream head");
      require_reencodes(r.streams[k].tail, streams[k].at("tail"), "stream tail");
    }
  }
}

void check_notation(std::string_view input) {
  if (auto decoded = bytes_from_visible(input))
    fuzz::require(visible_bytes(*decoded) == input, "visible text decodes to bytes that encode differently");
  auto round_trip = bytes_from_visible(visible_bytes(input));
  fuzz::require(round_trip && *round_trip == input, "bytes do not survive encoding and decoding");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  check_notation(text);
  std::string error;
  auto loaded = read_results_text(text, std::string(kFile), error);
  if (!loaded) {
    check_error(error);
    return 0;
  }
  fuzz::require(error.empty(), "a file read with an error: " + error);
  check_transcripts(text, *loaded);
  return 0;
}
