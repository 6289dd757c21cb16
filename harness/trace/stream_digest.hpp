// Running summary of one direction of one leg: exact size, SHA-256, and the first and last bytes,
// so a report can describe a 1 MiB transfer without keeping it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "model/result.hpp"

struct evp_md_ctx_st;

namespace connectspec {

class StreamDigest {
 public:
  StreamDigest();
  StreamDigest(StreamDigest&&) noexcept;
  StreamDigest& operator=(StreamDigest&&) noexcept;
  ~StreamDigest();

  void add(std::string_view bytes);
  // The summary so far, labelled with its leg and direction.
  StreamSummary summary(const std::string& leg, bool from_proxy) const;

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> ctx_;
  std::uint64_t size_ = 0;
  std::string head_, tail_;
};

}  // namespace connectspec
