// Bounds every operation on a socket by closing it at a deadline. Cancelling an awaited operation
// is not enough: a connect whose SYN a full listen backlog drops ignores cancellation in Boost
// 1.81 and waits for the kernel to give up (minutes); closing the socket ends it at once.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>

namespace connectspec::bench {

class CloseAtDeadline {
 public:
  // `keep` owns the socket: the timer's handler may run after this object is gone.
  CloseAtDeadline(std::shared_ptr<void> keep, boost::asio::ip::tcp::socket& sock,
                  std::chrono::steady_clock::time_point at)
      : timer_(sock.get_executor(), at), fired_(std::make_shared<bool>(false)) {
    timer_.async_wait([keep = std::move(keep), s = &sock, fired = fired_](const boost::system::error_code& ec) {
      if (ec) return;
      *fired = true;
      boost::system::error_code ignored;
      s->close(ignored);
    });
  }
  ~CloseAtDeadline() { timer_.cancel(); }
  CloseAtDeadline(const CloseAtDeadline&) = delete;
  CloseAtDeadline& operator=(const CloseAtDeadline&) = delete;

  bool fired() const { return *fired_; }

 private:
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> fired_;
};

}  // namespace connectspec::bench
