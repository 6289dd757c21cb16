#pragma once
// The private network a profile may ask for ([launch] private_network): a Linux network namespace
// whose only interface is loopback, entered by connectspec before it makes its io_context, so the
// proxy it launches, its origins and its client legs all live there. TCP in it gives up a
// connection attempt after kSynRetries retransmitted SYNs (7 s) instead of Linux's 6 (about
// 127 s): a proxy with no connect timeout of its own to set short, dialling a target that drops
// SYNs, gets ETIMEDOUT and answers within the case's window instead of holding the run for two
// minutes. What it answers is its own; when is the kernel's. Nothing of the run can reach the
// machine's network there, name servers included: a name lookup fails at once.
#include <string>

namespace connectspec {

inline constexpr int kSynRetries = 2;        // SYN at 0 s, again at 1 s and 3 s, given up at 7 s
inline constexpr int kSynGiveUpSeconds = 7;

struct PrivateNetwork {
  bool entered = false;
  std::string not_entered_because;  // when not entered: why, in a sentence fragment
};

// Moves the calling thread (call it before any other thread or socket exists) into a new network
// namespace with lo up and net.ipv4.tcp_syn_retries = kSynRetries. On any failure the thread is
// where it was, and the reason says why (e.g. no root or CAP_SYS_ADMIN).
PrivateNetwork enter_private_network();

// One line for the console and the reports: "private (loopback only; a dial gives up after 7 s)"
// or "this machine's (...why...)".
std::string describe_network(const PrivateNetwork& net);

}  // namespace connectspec
