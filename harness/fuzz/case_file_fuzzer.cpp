// libFuzzer target: a case file's text through the case loader and the requirement-catalogue
// check, as `connectspec validate` runs them. Contract: no crash, and every problem of a rejected
// file is at file:line:col (line and column >= 1) in the file's own name. The ${placeholders} of
// an accepted file then expand, as a run would expand them, without an error: the loader
// promised they were well-formed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "casefile/case_loader.hpp"
#include "casefile/placeholders.hpp"
#include "casefile/requirement_catalogue.hpp"
#include "fuzz_contract.hpp"

using namespace connectspec;

namespace {

constexpr const char* kFile = "cases/fuzz/case.toml";

// The real catalogue, so that a valid case is traced against the IDs the suite cites.
const RequirementCatalogue& catalogue() {
  static const RequirementCatalogue loaded = [] {
    Diagnostics problems;
    RequirementCatalogue c = load_requirement_catalogue(std::string(CONNECTSPEC_SOURCE_DIR) + "/cases/" + kCatalogueFile, problems);
    fuzz::require(problems.empty() && !c.requirements.empty(), "cases/requirements.toml does not load");
    return c;
  }();
  return loaded;
}

// What a run fills the placeholders with: every origin, the proxy and the credentials.
void expand_sent_bytes(const Case& c) {
  PlaceholderValues endpoints{{"proxy", {"127.0.0.1", 3128}}};
  for (const OriginSpec& o : c.origins) endpoints[o.name] = {o.host, 65535};
  const TextValues texts{{"auth.user", "u"}, {"auth.password", "p"}, {"auth.basic", "Basic dTpw"}, {"auth.base64", "dTpw"}};
  auto expand = [&](const std::string& text) {
    try {
      (void)expand_placeholders(text, endpoints, texts);
    } catch (const std::exception& e) {
      fuzz::broken(std::string("an accepted case's placeholders do not expand: ") + e.what());
    }
  };
  for (const Step& s : c.steps) {
    if (const auto* send = std::get_if<step::Send>(&s.action)) expand(send->payload.text);
    if (const auto* connect = std::get_if<step::Connect>(&s.action)) {
      for (const std::string& h : connect->headers) expand(h);
      if (connect->early) expand(connect->early->text);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Diagnostics problems;
  // No topic: the folder check is one string comparison, and every seed, whatever its folder,
  // then reaches the catalogue check below.
  Case c = load_case_text(text, kFile, "", problems);
  fuzz::require_located(problems, "case loader");
  for (const Diagnostic& d : problems) fuzz::require(d.pos.file == kFile, "problem in another file: " + d.str());
  if (!problems.empty()) return 0;
  fuzz::require(!c.id.empty() && !c.steps.empty(), "a case accepted without an id or steps");
  const std::vector<Case> cases{c};
  check_cases_against(catalogue(), cases, problems);
  fuzz::require_located(problems, "catalogue check");
  expand_sent_bytes(c);
  return 0;
}
