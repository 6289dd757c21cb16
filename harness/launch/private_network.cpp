#include "launch/private_network.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace connectspec {

namespace {

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// An fd closed on every path out.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Inside the new namespace: lo up, the SYN retries set. Empty on success, else why not.
std::string set_up_namespace() {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (s.fd < 0) return errno_text("socket");
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(s.fd, SIOCGIFFLAGS, &req) != 0) return errno_text("reading lo's flags");
  req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP);
  if (::ioctl(s.fd, SIOCSIFFLAGS, &req) != 0) return errno_text("bringing lo up");
  // /proc/sys/net answers for the namespace of the thread that opens it: this one, now.
  std::ofstream syn("/proc/sys/net/ipv4/tcp_syn_retries");
  syn << kSynRetries << "\n";
  syn.flush();
  if (!syn) return "cannot set net.ipv4.tcp_syn_retries in the namespace";
  return {};
}

}  // namespace

PrivateNetwork enter_private_network() {
  PrivateNetwork out;
  Fd home(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
  if (home.fd < 0) {
    out.not_entered_because = errno_text("cannot open /proc/self/ns/net");
    return out;
  }
  if (::unshare(CLONE_NEWNET) != 0) {
    out.not_entered_because = errno == EPERM ? std::string("making a network namespace needs root or CAP_SYS_ADMIN")
                                             : errno_text("unshare(CLONE_NEWNET)");
    return out;
  }
  if (std::string why = set_up_namespace(); !why.empty()) {
    // Back to the machine's network: a namespace without lo up would fail every case.
    if (::setns(home.fd, CLONE_NEWNET) != 0) why += "; " + errno_text("and returning to the machine's network failed");
    out.not_entered_because = why;
    return out;
  }
  out.entered = true;
  return out;
}

std::string describe_network(const PrivateNetwork& net) {
  if (net.entered)
    return "private (loopback only; a TCP dial gives up after " + std::to_string(kSynGiveUpSeconds) + " s)";
  return "this machine's (" + net.not_entered_because + ")";
}

}  // namespace connectspec
