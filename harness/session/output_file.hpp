// Writing a report file: its folder is created, and a failure is said on stderr with the path.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace connectspec {

bool write_file(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace connectspec
