// How many file descriptors this process has open, so a run can show that it gave back every
// socket, pipe and file it took (a leak against a hostile proxy shows as a difference).
#pragma once

namespace connectspec {

// -1 when /proc/self/fd cannot be read.
int count_open_fds();

}  // namespace connectspec
