#include "trace/stream_digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace connectspec {

void StreamDigest::FreeContext::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

StreamDigest::StreamDigest() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 is not available");
}
StreamDigest::StreamDigest(StreamDigest&&) noexcept = default;
StreamDigest& StreamDigest::operator=(StreamDigest&&) noexcept = default;
StreamDigest::~StreamDigest() = default;

void StreamDigest::add(std::string_view bytes) {
  constexpr std::size_t edge = StreamSummary::kEdgeBytes;
  EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
  size_ += bytes.size();
  if (head_.size() < edge) head_.append(bytes.substr(0, edge - head_.size()));
  if (bytes.size() >= edge) {
    tail_.assign(bytes.substr(bytes.size() - edge));
  } else {
    tail_.append(bytes);
    if (tail_.size() > edge) tail_.erase(0, tail_.size() - edge);
  }
}

StreamSummary StreamDigest::summary(const std::string& leg, bool from_proxy) const {
  // Finalise a copy: the stream may still grow while a report is being made.
  std::unique_ptr<evp_md_ctx_st, FreeContext> copy(EVP_MD_CTX_new());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!copy || EVP_MD_CTX_copy_ex(copy.get(), ctx_.get()) != 1 || EVP_DigestFinal_ex(copy.get(), md, &len) != 1)
    throw std::runtime_error("SHA-256 failed");
  static const char kHex[] = "0123456789abcdef";
  StreamSummary s;
  s.leg = leg;
  s.from_proxy = from_proxy;
  s.size = size_;
  for (unsigned i = 0; i < len; ++i) {
    s.sha256 += kHex[md[i] >> 4];
    s.sha256 += kHex[md[i] & 15];
  }
  s.head = head_;
  s.tail = tail_;
  return s;
}

}  // namespace connectspec
