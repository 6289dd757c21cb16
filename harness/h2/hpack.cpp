#include "h2/hpack.hpp"

#include <nghttp2/nghttp2.h>

#include <new>
#include <stdexcept>

namespace connectspec::h2 {

namespace {

// nghttp2's default: the 4096 bytes every peer starts with (RFC 9113 §6.5.2).
constexpr std::size_t kTableSize = 4096;

}  // namespace

void HpackEncoder::Free::operator()(nghttp2_hd_deflater* d) const { nghttp2_hd_deflate_del(d); }
void HpackDecoder::Free::operator()(nghttp2_hd_inflater* d) const { nghttp2_hd_inflate_del(d); }

HpackEncoder::HpackEncoder() {
  nghttp2_hd_deflater* d = nullptr;
  if (nghttp2_hd_deflate_new(&d, kTableSize) != 0) throw std::bad_alloc();
  deflater_.reset(d);
}

std::string HpackEncoder::encode(const HeaderList& fields) {
  std::vector<nghttp2_nv> nva;
  nva.reserve(fields.size());
  for (const auto& f : fields) {
    nghttp2_nv nv{};
    // nghttp2 does not write through these pointers when it deflates.
    nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(f.name.data()));
    nv.namelen = f.name.size();
    nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(f.value.data()));
    nv.valuelen = f.value.size();
    nv.flags = f.never_index ? NGHTTP2_NV_FLAG_NO_INDEX : NGHTTP2_NV_FLAG_NONE;
    nva.push_back(nv);
  }
  std::string out(nghttp2_hd_deflate_bound(deflater_.get(), nva.data(), nva.size()), '\0');
  const ssize_t n = nghttp2_hd_deflate_hd(deflater_.get(), reinterpret_cast<std::uint8_t*>(out.data()), out.size(),
                                          nva.data(), nva.size());
  if (n < 0) throw std::runtime_error(std::string("HPACK: cannot encode the header block: ") + nghttp2_strerror(static_cast<int>(n)));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

HpackDecoder::HpackDecoder() {
  nghttp2_hd_inflater* d = nullptr;
  if (nghttp2_hd_inflate_new(&d) != 0) throw std::bad_alloc();
  inflater_.reset(d);
}

std::optional<HeaderList> HpackDecoder::decode(std::string_view block, std::string& error) {
  HeaderList out;
  auto in = reinterpret_cast<const std::uint8_t*>(block.data());
  std::size_t left = block.size();
  // Each call consumes input or emits a field (each field takes at least one byte), or the loop
  // ends: twice the block's size bounds it.
  for (std::size_t calls = 0; calls <= 2 * block.size() + 2; ++calls) {
    nghttp2_nv nv{};
    int inflate_flags = 0;
    const ssize_t used = nghttp2_hd_inflate_hd2(inflater_.get(), &nv, &inflate_flags, in, left, 1);
    if (used < 0) {
      error = std::string("not a valid HPACK header block (") + nghttp2_strerror(static_cast<int>(used)) + ")";
      return std::nullopt;
    }
    in += used;
    left -= static_cast<std::size_t>(used);
    if (inflate_flags & NGHTTP2_HD_INFLATE_EMIT)
      out.push_back({std::string(reinterpret_cast<const char*>(nv.name), nv.namelen),
                     std::string(reinterpret_cast<const char*>(nv.value), nv.valuelen),
                     (nv.flags & NGHTTP2_NV_FLAG_NO_INDEX) != 0});
    if (inflate_flags & NGHTTP2_HD_INFLATE_FINAL) {
      nghttp2_hd_inflate_end_headers(inflater_.get());
      return out;
    }
    if ((inflate_flags & NGHTTP2_HD_INFLATE_EMIT) == 0 && used == 0) {
      break;
    }
  }
  error = "the HPACK header block ends inside a field";
  return std::nullopt;
}

std::optional<std::string> field_value(const HeaderList& fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return f.value;
  return std::nullopt;
}

std::string describe_fields(const HeaderList& fields) {
  auto visible = [](std::string_view text) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : text) {
      if (c >= 0x20 && c < 0x7f && c != '\\') out += static_cast<char>(c);
      else out += std::string("\\x") + kHex[c >> 4] + kHex[c & 0xf];
    }
    return out;
  };
  std::string out = "[";
  for (const auto& f : fields) out += (out.size() > 1 ? ", " : "") + visible(f.name) + ": " + visible(f.value);
  return out + "]";
}

}  // namespace connectspec::h2
