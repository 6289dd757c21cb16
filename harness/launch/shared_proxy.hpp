// One attached proxy seen as several instances: a proxy the harness did not launch serves every
// variant the user said it was configured for (--capability).
#pragma once

#include <memory>

#include "launch/proxy_under_test.hpp"

namespace connectspec {

class SharedProxy final : public ProxyUnderTest {
 public:
  explicit SharedProxy(std::shared_ptr<ProxyUnderTest> p) : p_(std::move(p)) {}
  std::string implementation() const override { return p_->implementation(); }
  Endpoint endpoint() const override { return p_->endpoint(); }
  asio::awaitable<std::optional<std::string>> ensure_running() override { return p_->ensure_running(); }
  bool alive() override { return p_->alive(); }
  int generation() const override { return p_->generation(); }
  std::string exit_description() override { return p_->exit_description(); }
  std::string log_tail(std::size_t max_bytes) override { return p_->log_tail(max_bytes); }
  LogMark log_mark() override { return p_->log_mark(); }
  std::string log_since(const LogMark& mark, std::size_t max_bytes) override { return p_->log_since(mark, max_bytes); }
  asio::awaitable<void> stop() override { return p_->stop(); }

 private:
  std::shared_ptr<ProxyUnderTest> p_;
};

}  // namespace connectspec
