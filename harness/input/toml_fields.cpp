#include "input/toml_fields.hpp"

#include "input/nearest_name.hpp"

namespace connectspec {

SourcePos position_of(const std::string& file, const toml::source_region& where) {
  return {file, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)};
}

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    default: return "date/time";
  }
}

TomlFields::TomlFields(const toml::table& table, const std::string& file, Diagnostics& diags,
                       std::string context)
    : table_(table), file_(file), diags_(diags), context_(std::move(context)) {}

// The context ("step 3") is added by error(), so key descriptions carry only the key.
std::string TomlFields::describe_key(std::string_view key) const { return "'" + std::string(key) + "'"; }

void TomlFields::allow(const std::vector<std::string_view>& keys) {
  for (auto k : keys) known_.insert(std::string(k));
}

SourcePos TomlFields::pos_of(const toml::node& n) const { return position_of(file_, n.source()); }

SourcePos TomlFields::pos_of_key(std::string_view key) const {
  for (auto&& [k, v] : table_)
    if (k.str() == key) return position_of(file_, k.source());
  return position_of(file_, table_.source());
}

void TomlFields::error(const toml::node& at, std::string message) {
  diags_.push_back({pos_of(at), context_.empty() ? message : context_ + ": " + message});
}

void TomlFields::error_at_table(std::string message) {
  diags_.push_back({position_of(file_, table_.source()),
                    context_.empty() ? message : context_ + ": " + message});
}

bool TomlFields::has(std::string_view key) const { return table_.contains(key); }

const toml::node* TomlFields::node(std::string_view key) {
  known_.insert(std::string(key));
  return table_.get(key);
}

// The shared part of every typed accessor: a missing required key and a value of the wrong
// type are reported the same way, with `what` naming the expected type in both messages.
const toml::key* TomlFields::misspelling_of(std::string_view key) const {
  for (auto&& [k, v] : table_)
    if (!known_.count(k.str()) && k.str() != key && nearest_name(k.str(), {std::string(key)})) return &k;
  return nullptr;
}

bool TomlFields::report_misspelling_of(std::string_view key) {
  const toml::key* k = misspelling_of(key);
  if (!k) return false;
  known_.insert(std::string(k->str()));  // said here, so reject_unknown() does not say it again
  diags_.push_back({position_of(file_, k->source()), (context_.empty() ? "" : context_ + ": ") + "unknown key '" +
                                                         std::string(k->str()) + "'; did you mean '" + std::string(key) + "'?"});
  return true;
}

const toml::node* TomlFields::node_or_misspelt(std::string_view key) {
  if (const toml::node* n = node(key)) return n;
  const toml::key* k = misspelling_of(key);
  if (!k || !report_misspelling_of(key)) return nullptr;
  return table_.get(k->str());
}

const toml::node* TomlFields::typed(std::string_view key, bool required, std::string_view what,
                                    bool (*has_type)(const toml::node&)) {
  const toml::node* n = node(key);
  if (!n) {
    // A required key typed wrong is one problem, said once: the misspelt key, with what it meant.
    if (required && !report_misspelling_of(key))
      error_at_table("missing required key '" + std::string(key) + "' (" + std::string(what) + ")");
    return nullptr;
  }
  if (!has_type(*n)) {
    error(*n, describe_key(key) + " must be " + std::string(what) + ", not " + std::string(type_name(*n)));
    return nullptr;
  }
  return n;
}

std::optional<std::string> TomlFields::string(std::string_view key, bool required) {
  const toml::node* n = typed(key, required, "a string", [](const toml::node& v) { return v.is_string(); });
  return n ? n->value<std::string>() : std::nullopt;
}

std::optional<std::int64_t> TomlFields::integer(std::string_view key, bool required,
                                                std::int64_t min, std::int64_t max) {
  const toml::node* n = typed(key, required, "an integer", [](const toml::node& v) { return v.is_integer(); });
  if (!n) return std::nullopt;
  std::int64_t v = *n->value<std::int64_t>();
  if (v < min || v > max) {
    error(*n, describe_key(key) + " must be between " + std::to_string(min) + " and " +
                  std::to_string(max) + ", not " + std::to_string(v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> TomlFields::boolean(std::string_view key, bool required) {
  const toml::node* n = typed(key, required, "true or false", [](const toml::node& v) { return v.is_boolean(); });
  return n ? n->value<bool>() : std::nullopt;
}

std::optional<std::vector<std::string>> TomlFields::strings(std::string_view key, bool required) {
  const toml::node* n =
      typed(key, required, "an array of strings", [](const toml::node& v) { return v.is_array(); });
  if (!n) return std::nullopt;
  std::vector<std::string> out;
  for (const toml::node& item : *n->as_array()) {
    if (!item.is_string()) {
      error(item, describe_key(key) + " items must be strings, not " + std::string(type_name(item)));
      return std::nullopt;
    }
    out.push_back(*item.value<std::string>());
  }
  return out;
}

void TomlFields::reject_unknown(const std::vector<std::string_view>& hint_keys) {
  for (auto&& [k, v] : table_) {
    if (known_.count(k.str())) continue;
    std::string msg = (context_.empty() ? "" : context_ + ": ") + "unknown key " + describe_key(k.str());
    std::vector<std::string> candidates(hint_keys.begin(), hint_keys.end());
    if (candidates.empty()) candidates.assign(known_.begin(), known_.end());
    if (auto meant = nearest_name(k.str(), candidates)) {
      msg += "; did you mean '" + *meant + "'?";
    } else if (!hint_keys.empty()) {
      msg += " (expected one of:";
      for (auto h : hint_keys) msg += " " + std::string(h);
      msg += ")";
    }
    diags_.push_back({position_of(file_, k.source()), msg});
  }
}

}  // namespace connectspec
