// Header blocks (HPACK, RFC 7541) with nghttp2's deflater and inflater: the encoder writes any
// field list, pseudo-headers in any order, repeated or invalid ones included (nghttp2's session
// would refuse to send those; the harness must, to test a proxy's rejection), and the decoder
// reports what a peer sent, as sent.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct nghttp2_hd_deflater;
struct nghttp2_hd_inflater;

namespace connectspec::h2 {

struct HeaderField {
  std::string name;
  std::string value;
  bool never_index = false;  // a sensitive field (credentials): encoded as never indexed
  bool operator==(const HeaderField&) const = default;
};
using HeaderList = std::vector<HeaderField>;

// One per connection and direction: the dynamic table carries over from block to block.
class HpackEncoder {
 public:
  HpackEncoder();
  std::string encode(const HeaderList& fields);

 private:
  struct Free {
    void operator()(nghttp2_hd_deflater* d) const;
  };
  std::unique_ptr<nghttp2_hd_deflater, Free> deflater_;
};

class HpackDecoder {
 public:
  HpackDecoder();
  // The fields of one complete header block (HEADERS and its CONTINUATIONs joined), or nullopt
  // with `error` saying why (a COMPRESSION_ERROR: the connection cannot go on after it).
  std::optional<HeaderList> decode(std::string_view block, std::string& error);

 private:
  struct Free {
    void operator()(nghttp2_hd_inflater* d) const;
  };
  std::unique_ptr<nghttp2_hd_inflater, Free> inflater_;
};

// "[:method: CONNECT, :authority: 127.0.0.1:443]", control bytes escaped: for transcripts.
std::string describe_fields(const HeaderList& fields);

// The value of the first field of that name, if any.
std::optional<std::string> field_value(const HeaderList& fields, std::string_view name);

}  // namespace connectspec::h2
