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
#include "session/suite_selection.hpp"

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

TEST_CASE("a catalogue file given after another adds to it and replaces what it repeats", "[catalogue]") {
  auto dir = scratch("overlay");
  write(dir / "base.toml", kSmallCatalogue);
  // No [[group]]: it cites the base's group A. R1-a is replaced (now MUST), R2-n is new.
  write(dir / "more.toml", R"([[requirement]]
id = "R1-a"
group = "A"
rfc = "RFC 1"
level = "MUST"
keyword = "MUST"
binds = ["proxy"]
summary = "now a must"

[[requirement]]
id = "R2-n"
group = "A"
rfc = "RFC 2"
level = "SHOULD"
keyword = "SHOULD"
binds = ["proxy"]
summary = "new"
)");
  Diagnostics problems;
  auto base = load_requirement_catalogue((dir / "base.toml").string(), problems);
  auto merged = load_requirement_catalogue((dir / "more.toml").string(), problems, &base);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  REQUIRE(merged.requirements.size() == base.requirements.size() + 1);
  CHECK(merged.find("R1-a")->level == Level::must);
  CHECK(merged.find("R1-a")->summary == "now a must");
  CHECK(merged.find("R1-m")->summary == "m");  // kept from the base
  CHECK(merged.find("R2-n") != nullptr);
  CHECK(merged.groups.size() == 1);
  CHECK(catalogue_files_text(merged) == (dir / "base.toml").string() + " + " + (dir / "more.toml").string());

  // Without a base, a file with no [[group]] is still an error, and an undeclared group too.
  Diagnostics alone;
  load_requirement_catalogue((dir / "more.toml").string(), alone);
  CHECK(find_problem(alone, "expected [[group]] tables") != nullptr);
  write(dir / "more.toml", "[[requirement]]\nid = \"R3-q\"\ngroup = \"Q\"\nrfc = \"RFC 3\"\nlevel = \"MUST\"\n"
                           "keyword = \"MUST\"\nbinds = [\"proxy\"]\nsummary = \"q\"\n");
  Diagnostics unknown_group;
  load_requirement_catalogue((dir / "more.toml").string(), unknown_group, &base);
  REQUIRE_PROBLEM_IN(unknown_group, (dir / "more.toml").string(), 3, 9, "unknown group 'Q'; declare it");
  fs::remove_all(dir);
}

TEST_CASE("load_suite checks the cases against every catalogue file it is given, in order", "[catalogue][suite]") {
  auto dir = scratch("suite-overlay");
  auto cats = scratch("suite-overlay-files");  // not in the suite folder, where any *.toml is a case
  write(cats / "base.toml", kSmallCatalogue);
  write(dir / "c.toml", case_citing("R1-a", "MUST"));  // directly in the folder; R1-a is a SHOULD in the base
  auto weak = load_suite(dir, {(cats / "base.toml").string()});
  REQUIRE_PROBLEM_IN(weak.problems, (dir / "c.toml").lexically_normal().string(), 3, 9, "stronger than its requirements allow");
  write(cats / "more.toml", "[[requirement]]\nid = \"R1-a\"\ngroup = \"A\"\nrfc = \"RFC 1\"\nlevel = \"MUST\"\n"
                            "keyword = \"MUST\"\nbinds = [\"proxy\"]\nsummary = \"now a must\"\n");
  auto strong = load_suite(dir, {(cats / "base.toml").string(), (cats / "more.toml").string()});
  INFO(dump(strong.problems));
  CHECK(strong.ok());
  CHECK(strong.requirement_notes.at("R1-a").summary == "now a must");
  fs::remove_all(dir);
  fs::remove_all(cats);
}

TEST_CASE("a folder of one's own cases without a requirements.toml is checked against the built-in catalogue",
          "[catalogue][suite]") {
  auto dir = scratch("own-suite");
  write(dir / "c.toml", case_citing("R2-zz", "MUST"));
  auto unknown = load_cases(dir.string(), "");
  REQUIRE_PROBLEM_IN(unknown.problems, (dir / "c.toml").lexically_normal().string(), 4, 16,
                     "'R2-zz' is not in the requirement catalogue (" + fs::path(kCatalogue).lexically_normal().string() + ")");
  write(dir / "c.toml", case_citing("R9110-9.3.6-b", "MUST"));
  CHECK(load_cases(dir.string(), "").ok());
  // The folder's own requirements.toml adds to the built-in one: a SHOULD of its own caps a case.
  write(dir / "requirements.toml", "[[requirement]]\nid = \"R2-zz\"\ngroup = \"A\"\nrfc = \"RFC 2\"\nlevel = \"SHOULD\"\n"
                                   "keyword = \"SHOULD\"\nbinds = [\"proxy\"]\nsummary = \"mine\"\n");
  write(dir / "c.toml", case_citing("R2-zz", "MUST"));
  auto capped = load_cases(dir.string(), "");
  REQUIRE_PROBLEM_IN(capped.problems, (dir / "c.toml").lexically_normal().string(), 3, 9, "stronger than its requirements allow");
  CHECK(capped.catalogue.files.size() == 2);
  fs::remove_all(dir);
}
