#include "report/read/json_node.hpp"

#include <fstream>
#include <sstream>

#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace json = boost::json;

void JsonNode::fail(const std::string& what) const { throw JsonSchemaError(where_.empty() ? what : where_ + ": " + what); }

bool JsonNode::has(std::string_view key) const { return object().contains(key) && !object().at(key).is_null(); }

JsonNode JsonNode::operator[](std::string_view key) const {
  auto it = object().find(key);
  if (it == object().end()) fail("missing '" + std::string(key) + "'");
  return JsonNode(it->value(), child(key));
}

std::string JsonNode::str() const {
  if (!v_.is_string()) fail("expected a string");
  return std::string(v_.get_string());
}

double JsonNode::number() const {
  if (v_.is_double()) return v_.get_double();
  if (v_.is_int64()) return static_cast<double>(v_.get_int64());
  if (v_.is_uint64()) return static_cast<double>(v_.get_uint64());
  fail("expected a number");
}

std::int64_t JsonNode::integer() const {
  if (v_.is_int64()) return v_.get_int64();
  if (v_.is_uint64()) return static_cast<std::int64_t>(v_.get_uint64());
  fail("expected an integer");
}

std::uint64_t JsonNode::count() const {
  if (v_.is_uint64()) return v_.get_uint64();
  if (v_.is_int64() && v_.get_int64() >= 0) return static_cast<std::uint64_t>(v_.get_int64());
  fail("expected a non-negative integer");
}

bool JsonNode::boolean() const {
  if (!v_.is_bool()) fail("expected true or false");
  return v_.get_bool();
}

std::vector<JsonNode> JsonNode::items() const {
  if (!v_.is_array()) fail("expected an array");
  std::vector<JsonNode> out;
  std::size_t i = 0;
  for (const auto& e : v_.get_array()) out.emplace_back(e, where_ + "[" + std::to_string(i++) + "]");
  return out;
}

std::vector<std::string> JsonNode::strings() const {
  std::vector<std::string> out;
  for (const auto& n : items()) out.push_back(n.str());
  return out;
}

std::vector<std::pair<std::string, JsonNode>> JsonNode::members() const {
  std::vector<std::pair<std::string, JsonNode>> out;
  for (const auto& kv : object()) out.emplace_back(std::string(kv.key()), JsonNode(kv.value(), child(kv.key())));
  return out;
}

std::string JsonNode::bytes() const {
  auto decoded = bytes_from_visible(str());
  if (!decoded) fail("not in the visible-bytes notation (docs/results-schema.md)");
  return *decoded;
}

const json::object& JsonNode::object() const {
  if (!v_.is_object()) fail("expected an object");
  return v_.get_object();
}

std::string JsonNode::child(std::string_view key) const {
  return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
}

namespace {

std::pair<int, int> line_and_column(const std::string& text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      ++column;  // columns count characters, not UTF-8 continuation bytes
    }
  }
  return {line, column};
}

}  // namespace

std::optional<json::value> parse_json_text(const std::string& text, const std::string& path, std::string& error) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    auto [line, column] = line_and_column(text, used);
    error = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON (" + ec.message() + ")";
    return std::nullopt;
  }
  return parser.release();
}

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot be read";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace connectspec
