// Typed, located access to the fields of a TOML table. Every accessor records a Diagnostic
// (file:line:col) instead of throwing, and remembers which keys were read, so that
// reject_unknown() can report every key nobody asked for: a typo is an error, never ignored.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "input/diagnostics.hpp"

namespace connectspec {

SourcePos position_of(const std::string& file, const toml::source_region& where);

class TomlFields {
 public:
  TomlFields(const toml::table& table, const std::string& file, Diagnostics& diags,
             std::string context = {});

  bool has(std::string_view key) const;
  const toml::node* node(std::string_view key);  // marks the key as known
  // node(key), or when the table has only a misspelling of it ([origns]): that misspelling is
  // reported ("unknown key 'origns'; did you mean 'origins'?") and its value returned, so that
  // reading goes on with what the author meant and no knock-on error follows.
  const toml::node* node_or_misspelt(std::string_view key);

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<std::int64_t> integer(std::string_view key, bool required = false,
                                      std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required = false);

  // Marks keys as allowed without reading them (modifiers of an action whose value was bad).
  void allow(const std::vector<std::string_view>& keys);

  // Reports every key of the table that no accessor above asked for.
  void reject_unknown(const std::vector<std::string_view>& hint_keys = {});

  void error(const toml::node& at, std::string message);
  void error_at_table(std::string message);
  SourcePos pos_of(const toml::node& n) const;
  SourcePos pos_of_key(std::string_view key) const;
  const std::string& file() const { return file_; }
  const std::string& context() const { return context_; }
  Diagnostics& diags() { return diags_; }

 private:
  std::string describe_key(std::string_view key) const;
  const toml::key* misspelling_of(std::string_view key) const;  // a key not yet known, near `key`
  bool report_misspelling_of(std::string_view key);
  const toml::node* typed(std::string_view key, bool required, std::string_view what,
                          bool (*has_type)(const toml::node&));

  const toml::table& table_;
  std::string file_;
  Diagnostics& diags_;
  std::string context_;  // "step 3" etc., prefixed to messages
  std::set<std::string, std::less<>> known_;
};

// "string", "integer", ... for messages about wrong types.
std::string_view type_name(const toml::node& n);

}  // namespace connectspec
