// Reading the harness's own JSON files (results, bench) with errors a person can act on: the
// file, line and column of JSON that does not parse, and the path of the field ("cases[3].outcome")
// that is missing or mistyped in JSON that does.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectspec {

// A schema problem; its message starts with the JSON path ("cases[3].outcome: ...") when there is one.
struct JsonSchemaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Typed access that names the path of whatever is missing or mistyped (throws JsonSchemaError).
class JsonNode {
 public:
  JsonNode(const boost::json::value& v, std::string where) : v_(v), where_(std::move(where)) {}

  const std::string& where() const { return where_; }
  [[noreturn]] void fail(const std::string& what) const;
  bool has(std::string_view key) const;  // present and not null
  JsonNode operator[](std::string_view key) const;
  std::string str() const;
  std::string str_or(std::string_view key, std::string fallback) const { return has(key) ? (*this)[key].str() : fallback; }
  double number() const;
  std::int64_t integer() const;
  std::uint64_t count() const;  // a non-negative integer
  bool boolean() const;
  std::vector<JsonNode> items() const;
  std::vector<std::string> strings() const;
  std::vector<std::pair<std::string, JsonNode>> members() const;
  std::string bytes() const;  // a string in the visible-bytes notation, decoded

 private:
  const boost::json::object& object() const;
  std::string child(std::string_view key) const;

  const boost::json::value& v_;
  std::string where_;
};

// The one of `all` whose to_string is `name`, or a JsonSchemaError naming `what` ("outcome").
template <typename E, std::size_t N>
E named(const JsonNode& n, const E (&all)[N], std::string_view what) {
  const std::string name = n.str();
  for (E e : all)
    if (to_string(e) == name) return e;
  n.fail("unknown " + std::string(what) + " '" + name + "'");
}

// The JSON value of `text`, or nothing with `error` = "PATH:LINE:COL: not valid JSON (...)".
std::optional<boost::json::value> parse_json_text(const std::string& text, const std::string& path, std::string& error);

// The whole file, or nothing with `error` = "PATH: cannot be read".
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

}  // namespace connectspec
