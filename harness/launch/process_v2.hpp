// Boost.Process v2 as Debian 12's Boost 1.81 ships it, with the fixes its headers need:
// two includes of their own, and std::remove_pointer used unqualified in environment.hpp.
// process_environment's definition is compiled once, in process_v2_environment.cpp.
#pragma once

#include <boost/optional.hpp>
#include <type_traits>

namespace boost::process::v2 {
using std::remove_pointer;
}

#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/start_dir.hpp>
#include <boost/process/v2/stdio.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace connectspec {

// A child must inherit no socket of the harness: a proxy started in the middle of a run (a
// variant, a restart) that kept a copy of an origin's or a client's socket would keep that
// connection open after the harness closes it, and the peer would never see the FIN. Boost
// 1.81's own close-all step skips the descriptors below its error pipe (an off-by-one in its
// close_range loop), so every descriptor above stderr is marked close-on-exec here instead;
// its error pipe is close-on-exec already, so exec failures are still reported.
struct InheritNothing {
  template <typename Launcher>
  boost::process::v2::error_code on_exec_setup(Launcher&, const boost::process::v2::filesystem::path&,
                                               const char* const*&) {
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
      long max = ::sysconf(_SC_OPEN_MAX);
      for (int fd = 3; fd < (max > 0 && max < 1048576 ? max : 65536); ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    return {};
  }
};

// Runs in the child between fork and exec: a process group of its own lets the harness signal the
// process (a proxy, a client under test) and everything it forked (workers, helpers) at once. The parent-death signal is the
// backstop for a harness that is killed outright and never gets to call stop().
struct OwnProcessGroup {
  ::pid_t harness = ::getpid();  // evaluated in the parent, before the fork
  template <typename Launcher>
  boost::process::v2::error_code on_exec_setup(Launcher&, const boost::process::v2::filesystem::path&, const char* const*&) {
    if (::setpgid(0, 0) != 0) return boost::process::v2::error_code(errno, boost::process::v2::system_category());
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return boost::process::v2::error_code(errno, boost::process::v2::system_category());
    if (::getppid() != harness) ::_exit(1);  // the harness died before prctl took effect
    return {};
  }
};

}  // namespace connectspec
