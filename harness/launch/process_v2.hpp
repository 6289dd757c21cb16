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
