// A launched proxy's output and log files, kept beside the JSON report (proxy-logs/<variant>/) so
// that a failure can be read in full after the run's work directory is gone.
#pragma once

#include <filesystem>
#include <string>

#include "profile/profile.hpp"

namespace connectspec {

// `prefix` names the chain's second proxy ("next-"); the first call of a run (no prefix) clears
// what an earlier run left there.
void keep_proxy_logs(const std::filesystem::path& work_dir, const Profile& p, const std::string& json,
                     const std::string& prefix = "");

}  // namespace connectspec
