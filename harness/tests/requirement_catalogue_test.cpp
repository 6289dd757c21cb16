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
keyword = "SHOULD"
binds = ["proxy"]
summary = "s"

[[requirement]]
id = "R1-m"
group = "A"
rfc = "RFC 1"
level = "MUST"
keyword = "MUST"
binds = ["proxy"]
summary = "m"

[[requirement]]
id = "R1-c"
group = "A"
rfc = "RFC 1"
level = "MUST"
keyword = "MUST"
binds = ["client"]
summary = "c"
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
keyword = "MUST"
binds = ["proxy"]
summary = "s"
testable = false
)");
  Diagnostics problems;
  load_requirement_catalogue((dir / "requirements.toml").string(), problems);
  std::string file = (dir / "requirements.toml").string();
  REQUIRE_PROBLEM_IN(problems, file, 33, 6, "duplicate requirement 'R1-a'");
  REQUIRE_PROBLEM_IN(problems, file, 34, 9, "unknown group 'Q'");
  REQUIRE_PROBLEM_IN(problems, file, 36, 9, "level must be MUST, SHOULD, MAY or INFO");
  REQUIRE_PROBLEM_IN(problems, file, 32, 1, "testable = false needs a reason");
  fs::remove_all(dir);
}

namespace {

std::string case_with_step(const std::string& requirements, const std::string& step_keys,
                           const std::string& level = "MUST") {
  return "id = \"t.c\"\ntitle = \"x\"\nlevel = \"" + level + "\"\nrequirements = " + requirements +
         "\n[origins]\nmain = \"echo\"\n[[steps]]\nconnect = \"main\"\n[[steps]]\nexpect_tunnel = true\n" + step_keys;
}

}  // namespace

TEST_CASE("a check graded above its requirement's keyword is an error where the level is written", "[catalogue]") {
  auto dir = scratch("check-level");
  write(dir / "requirements.toml", kSmallCatalogue);
  const std::string file = (dir / "t" / "c.toml").lexically_normal().string();
  // The MUST case's first requirement is the MUST one; the check that cites the SHOULD rule at MUST is wrong.
  write(dir / "t" / "c.toml", case_with_step("[\"R1-m\", \"R1-a\"]", "requirement = \"R1-a\"\nlevel = \"MUST\"\n"));
  {
    auto loaded = load_suite(dir);
    REQUIRE_PROBLEM_IN(loaded.problems, file, 12, 9, "expect_tunnel is graded MUST, above what R1-a");
  }
  // Graded at its keyword, it is fine.
  write(dir / "t" / "c.toml", case_with_step("[\"R1-m\", \"R1-a\"]", "requirement = \"R1-a\"\nlevel = \"SHOULD\"\n"));
  auto ok = load_suite(dir);
  INFO(dump(ok.problems));
  CHECK(ok.problems.empty());
  // With no level of its own, a check is graded at the case's level: MUST for a SHOULD rule.
  write(dir / "t" / "c.toml", case_with_step("[\"R1-m\", \"R1-a\"]", "requirement = \"R1-a\"\n"));
  {
    auto loaded = load_suite(dir);
    REQUIRE_PROBLEM_IN(loaded.problems, file, 10, 1, "expect_tunnel is graded MUST, above what R1-a");
  }
  fs::remove_all(dir);
}

TEST_CASE("a check's requirement must be one its case cites", "[catalogue]") {
  auto dir = scratch("check-req");
  write(dir / "requirements.toml", kSmallCatalogue);
  write(dir / "t" / "c.toml", case_with_step("[\"R1-m\"]", "requirement = \"R1-a\"\nlevel = \"SHOULD\"\n"));
  {
    auto loaded = load_suite(dir);
    REQUIRE_PROBLEM_IN(loaded.problems, (dir / "t" / "c.toml").lexically_normal().string(), 11, 15,
                     "requirement 'R1-a' is not among the case's requirements");
  }
  fs::remove_all(dir);
}

TEST_CASE("a proxy case citing a client-only requirement is an error", "[catalogue]") {
  auto dir = scratch("client");
  write(dir / "requirements.toml", kSmallCatalogue);
  write(dir / "t" / "c.toml", case_citing("R1-c", "MUST"));
  {
    auto loaded = load_suite(dir);
    REQUIRE_PROBLEM_IN(loaded.problems, (dir / "t" / "c.toml").lexically_normal().string(), 4, 16,
                     "'R1-c' binds only clients");
  }
  fs::remove_all(dir);
}

TEST_CASE("a citation of a draft that became an RFC is an error naming the RFC", "[catalogue]") {
  CHECK(superseded_draft("draft-ietf-httpbis-optimistic-upgrade §4").value_or("").find("RFC 9931") != std::string::npos);
  CHECK_FALSE(superseded_draft("RFC 9931 §4"));
  auto dir = scratch("draft");
  write(dir / "requirements.toml", std::string(kSmallCatalogue) + R"(
[[requirement]]
id = "OPT-x"
group = "A"
rfc = "draft-ietf-httpbis-optimistic-upgrade"
level = "MUST"
keyword = "MUST"
binds = ["proxy"]
summary = "o"
)");
  Diagnostics problems;
  load_requirement_catalogue((dir / "requirements.toml").string(), problems);
  REQUIRE_PROBLEM_IN(problems, (dir / "requirements.toml").string(), 35, 7, "published as RFC 9931");
  fs::remove_all(dir);
}

TEST_CASE("a catalogue level above what the keyword allows is an error", "[catalogue]") {
  Requirement r;
  r.keyword = "SHOULD";
  CHECK(strongest_level_for(r) == Level::should);
  r.keyword = "usual";
  CHECK(strongest_level_for(r) == Level::info);
  r.keyword = "none";
  CHECK(strongest_level_for(r) == Level::info);
  r.basis = "a 2xx without a connection sends the client's bytes nowhere";
  CHECK(strongest_level_for(r) == Level::must);
  r.keyword = "MUST NOT";
  r.basis.clear();
  CHECK(strongest_level_for(r) == Level::must);

  auto dir = scratch("kw");
  write(dir / "requirements.toml", std::string(kSmallCatalogue) + R"(
[[requirement]]
id = "R9-u"
group = "A"
rfc = "RFC 9"
level = "MUST"
keyword = "usual"
binds = ["proxy"]
summary = "u"
)");
  Diagnostics problems;
  load_requirement_catalogue((dir / "requirements.toml").string(), problems);
  REQUIRE_PROBLEM_IN(problems, (dir / "requirements.toml").string(), 36, 9, "level MUST is stronger than keyword 'usual' allows");
  fs::remove_all(dir);
}
