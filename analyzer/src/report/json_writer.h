// A streaming JSON writer for the reporters. It prints exactly what nlohmann::json's
// dump(2, ' ', false, error_handler_t::replace) prints (two-space indent, "key": value, empty
// containers as [] and {}, UTF-8 passed through, each invalid UTF-8 sequence replaced by U+FFFD),
// without building a document tree first: for 50,000 findings, the tree cost ten times the
// writing (docs/performance.md).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace policycheck::report {

// Appends `s` to `out` as a JSON string literal (with the quotes).
void AppendJsonString(std::string_view s, std::string* out);

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The key of the next value inside an object.
  void Key(std::string_view key);

  void String(std::string_view s) {
    Prefix();
    AppendJsonString(s, out_);
  }
  void Int(int64_t v) {
    Prefix();
    *out_ += std::to_string(v);
  }
  void Bool(bool v) {
    Prefix();
    *out_ += v ? "true" : "false";
  }
  void Double(double v);
  // A value built with nlohmann (small, rare parts such as the rule catalog), indented in place.
  void Value(const nlohmann::ordered_json& v);

  // Shorthands for a key and its value.
  void Field(std::string_view key, std::string_view v) { Key(key), String(v); }
  void Field(std::string_view key, const char* v) { Key(key), String(v); }
  void Field(std::string_view key, const std::string& v) { Key(key), String(v); }
  void Field(std::string_view key, int v) { Key(key), Int(v); }
  void Field(std::string_view key, int64_t v) { Key(key), Int(v); }
  void Field(std::string_view key, bool v) { Key(key), Bool(v); }

 private:
  struct Level {
    bool empty = true;
  };
  void Open(char c);
  void Close(char c);
  // Separator and indentation before a value (nothing after a key).
  void Prefix();
  void Indent(size_t depth);

  std::string* out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace policycheck::report
