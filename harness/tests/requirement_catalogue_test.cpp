// The requirement catalogue: the real one loads and names every group the suite is measured on;
// cases citing an unknown ID, or claiming a level their requirements do not support, are errors
// at the line and column where they say so.
#include <catch2/catch.hpp>

#include "diagnostics_matchers.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include "casefile/case_loader.hpp"
#include "casefile/requirement_catalogue.hpp"

using namespace connectspec;
using namespace connectspec::testing;
namespace fs = std::filesystem;

namespace {

const std::string kCatalogue = std::string(CONNECTSPEC_SOURCE_DIR) + "/cases/requirements.toml";

fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("connectspec-catalogue-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "t");
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

constexpr const char* kSmallCatalogue = R"([[group]]
id = "A"
title = "Target"

[[requirement]]
id = "R1-a"
group = "A"
rfc = "RFC 1"
level = "SHOULD"
summary = "s"
)";

std::string case_citing(const std::string& id, const std::string& level) {
  return "id = \"t.c\"\ntitle = \"x\"\nlevel = \"" + level + "\"\nrequirements = [\"" + id +
         "\"]\n[origins]\nmain = \"echo\"\n[[steps]]\nconnect = \"main\"\n";
}

}  // namespace

TEST_CASE("the real catalogue loads with no problem and covers groups A-H", "[catalogue]") {
  Diagnostics problems;
  auto catalogue = load_requirement_catalogue(kCatalogue, problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  std::set<std::string> groups;
  for (const auto& r : catalogue.requirements) groups.insert(r.group);
  for (const char* g : {"A", "B", "C", "D", "E", "F", "G", "H"}) CHECK(groups.count(g));
  const Requirement* port = catalogue.find("R9110-9.3.6-b");
  REQUIRE(port != nullptr);
  CHECK(port->level == Level::must);
  for (const auto& r : catalogue.requirements)
    if (!r.testable) CHECK_FALSE(r.reason.empty());
}

TEST_CASE("every case of the suite cites catalogued IDs at a supported level", "[catalogue][suite]") {
  auto suite = load_suite(std::string(CONNECTSPEC_SOURCE_DIR) + "/cases");
  INFO(dump(suite.problems));
  CHECK(suite.problems.empty());
}

TEST_CASE("a case citing an unknown requirement is an error at its requirements key", "[catalogue]") {
  auto dir = scratch("unknown");
  write(dir / "requirements.toml", kSmallCatalogue);
  write(dir / "t" / "c.toml", case_citing("R2-zz", "SHOULD"));
  auto suite = load_suite(dir);
  REQUIRE_PROBLEM_IN(suite.problems, (dir / "t" / "c.toml").lexically_normal().string(), 4, 16, "'R2-zz' is not in the requirement catalogue");
  fs::remove_all(dir);
}

TEST_CASE("a case may not be stronger than its requirements", "[catalogue]") {
  auto dir = scratch("level");
  write(dir / "requirements.toml", kSmallCatalogue);
  write(dir / "t" / "c.toml", case_citing("R1-a", "MUST"));
  auto suite = load_suite(dir);
  REQUIRE_PROBLEM_IN(suite.problems, (dir / "t" / "c.toml").lexically_normal().string(), 3, 9, "stronger than its requirements allow");
  write(dir / "t" / "c.toml", case_citing("R1-a", "INFO"));
  CHECK(load_suite(dir).problems.empty());  // weaker is allowed (e.g. recording a valid variant)
  fs::remove_all(dir);
}

TEST_CASE("catalogue mistakes are reported at their line and column", "[catalogue]") {
  auto dir = scratch("bad");
  write(dir / "requirements.toml", std::string(kSmallCatalogue) + R"(
[[requirement]]
id = "R1-a"
group = "Q"
rfc = "RFC 1"
level = "OFTEN"
summary = "s"
testable = false
)");
  Diagnostics problems;
  load_requirement_catalogue((dir / "requirements.toml").string(), problems);
  std::string file = (dir / "requirements.toml").string();
  REQUIRE_PROBLEM_IN(problems, file, 13, 6, "duplicate requirement 'R1-a'");
  REQUIRE_PROBLEM_IN(problems, file, 14, 9, "unknown group 'Q'");
  REQUIRE_PROBLEM_IN(problems, file, 16, 9, "level must be MUST, SHOULD, MAY or INFO");
  REQUIRE_PROBLEM_IN(problems, file, 12, 1, "testable = false needs a reason");
  fs::remove_all(dir);
}
