// The value model of the template engine: Go's interface{} values as helm sees
// them (values files decode to float64 numbers, template literals are int).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace policycheck::helm {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;  // sorted: Go's range and yaml order

// Where a span of a string value came from (for the source map). Offsets are
// into the string; `source` indexes the renderer's source table.
struct TraceSegment {
  uint32_t offset = 0;  // first byte in the string
  int32_t source = -1;  // -1: unknown
  uint32_t source_offset = 0;
  bool exact = false;  // literal text (offset advances) vs action (one position)
  std::shared_ptr<const struct ValueOrigin> origin;  // values file location of a printed value
};

// Where a value was read from (values.yaml, -f files): display path, 1-based line/column.
struct ValueOrigin {
  std::shared_ptr<const std::string> file;  // shared by every value of one file
  int line = 0;
  int column = 0;
};
using Trace = std::vector<TraceSegment>;

// Go struct-like values with fields and methods (.Files, .Capabilities.APIVersions).
class Object {
 public:
  virtual ~Object() = default;
  virtual std::string TypeName() const = 0;
  // Field or method `name` applied to `args`. Returns false if there is no such
  // member; sets *error for a failing call.
  virtual bool Invoke(std::string_view name, std::span<const Value> args, Value* out,
                      std::string* error) const = 0;
  virtual const List* AsList() const { return nullptr; }
  virtual const Map* AsMap() const { return nullptr; }
};

enum class Kind { kInvalid, kNil, kBool, kInt, kFloat, kString, kList, kMap, kObject };

// Go integer types we distinguish (typeOf/kindOf print them).
enum class IntType : uint8_t { kInt, kInt64, kUint8 };

class Value {
 public:
  Value() = default;  // invalid ("no value")
  static Value Nil() { Value v; v.kind_ = Kind::kNil; return v; }
  Value(bool b) : kind_(Kind::kBool), data_(b) {}  // NOLINT
  Value(int v) : kind_(Kind::kInt), data_(int64_t{v}) {}  // NOLINT
  Value(int64_t v, IntType t = IntType::kInt64) : kind_(Kind::kInt), int_type_(t), data_(v) {}  // NOLINT
  Value(double d) : kind_(Kind::kFloat), data_(d) {}  // NOLINT
  Value(std::string s) : kind_(Kind::kString), data_(std::move(s)) {}  // NOLINT
  Value(std::string_view s) : kind_(Kind::kString), data_(std::string(s)) {}  // NOLINT
  Value(const char* s) : kind_(Kind::kString), data_(std::string(s)) {}  // NOLINT
  Value(List l) : kind_(Kind::kList), data_(std::make_shared<List>(std::move(l))) {}  // NOLINT
  Value(Map m) : kind_(Kind::kMap), data_(std::make_shared<Map>(std::move(m))) {}  // NOLINT
  Value(std::shared_ptr<List> l) : kind_(Kind::kList), data_(std::move(l)) {}  // NOLINT
  Value(std::shared_ptr<Map> m) : kind_(Kind::kMap), data_(std::move(m)) {}  // NOLINT
  Value(std::shared_ptr<const Object> o) : kind_(Kind::kObject), data_(std::move(o)) {}  // NOLINT
  // Destroys nested lists and maps iteratively: a template can build a chain of any depth
  // (`$d = dict "a" $d` in a loop), which recursive destruction would overflow the stack on.
  ~Value() {
    if (kind_ == Kind::kList || kind_ == Kind::kMap) ReleaseNested();
  }
  Value(const Value&) = default;
  Value(Value&&) noexcept = default;
  Value& operator=(const Value&) = default;
  Value& operator=(Value&&) noexcept = default;

  static Value Int(int64_t v) { return Value(v, IntType::kInt); }
  static Value Int64(int64_t v) { return Value(v, IntType::kInt64); }

  Kind kind() const { return kind_; }
  IntType int_type() const { return int_type_; }
  bool is_invalid() const { return kind_ == Kind::kInvalid; }
  bool is_nil() const { return kind_ == Kind::kNil || kind_ == Kind::kInvalid; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kFloat; }

  bool AsBool() const { return std::get<bool>(data_); }
  int64_t AsInt() const { return std::get<int64_t>(data_); }
  double AsFloat() const { return std::get<double>(data_); }
  const std::string& AsString() const { return std::get<std::string>(data_); }
  std::string& MutableString() { return std::get<std::string>(data_); }
  const List& AsList() const;  // also Object::AsList
  const Map& AsMap() const;    // also Object::AsMap
  const std::shared_ptr<List>& ListPtr() const { return std::get<std::shared_ptr<List>>(data_); }
  const std::shared_ptr<Map>& MapPtr() const { return std::get<std::shared_ptr<Map>>(data_); }
  const std::shared_ptr<const Object>& ObjectPtr() const {
    return std::get<std::shared_ptr<const Object>>(data_);
  }
  bool IsListLike() const;
  bool IsMapLike() const;

  // The values-file location this value was read from (may be null).
  const std::shared_ptr<const ValueOrigin>& origin() const { return origin_; }
  void set_origin(std::shared_ptr<const ValueOrigin> o) { origin_ = std::move(o); }

  // Source provenance of a string value (may be null).
  const std::shared_ptr<const Trace>& trace() const { return trace_; }
  void set_trace(std::shared_ptr<const Trace> t) { trace_ = std::move(t); }

  // Go's reflect type name as sprig's typeOf prints it ("float64", "[]interface {}").
  std::string TypeName() const;
  // Go's reflect kind name as sprig's kindOf prints it ("float64", "slice", "map").
  std::string KindName() const;

 private:
  void ReleaseNested() noexcept;

  Kind kind_ = Kind::kInvalid;
  IntType int_type_ = IntType::kInt;
  std::variant<std::monostate, bool, int64_t, double, std::string, std::shared_ptr<List>,
               std::shared_ptr<Map>, std::shared_ptr<const Object>>
      data_;
  std::shared_ptr<const Trace> trace_;
  std::shared_ptr<const ValueOrigin> origin_;
};

// Thrown when a value nests deeper than kMaxValueNesting (a cyclic dict built
// with `set $d "self" $d`, or hostile input); the executor turns it into an error.
struct NestingError {};
inline constexpr int kMaxValueNesting = 2000;
// Counts recursion depth over values on this thread.
class NestingGuard {
 public:
  NestingGuard() {
    if (++depth_ > kMaxValueNesting) {
      --depth_;
      throw NestingError{};
    }
  }
  ~NestingGuard() { --depth_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  // Constant-initialised and visible to every user, so no TLS wrapper function is involved
  // (UBSan reported a null load through GCC's wrapper for an out-of-line definition).
  static inline thread_local int depth_ = 0;
};

// text/template truthiness (if, with, and, or, not).
bool IsTrue(const Value& v);
// sprig's empty(): nil, false, 0, "", empty list/map.
bool IsEmpty(const Value& v);

// Go's fmt %v of a value (fmt.Sprint of one operand): floats as %g shortest,
// maps as map[k:v], lists as [a b], nil as <nil>.
void AppendGoValue(std::string* out, const Value& v);
std::string GoString(const Value& v);
// fmt.Sprint(args...): spaces between operands when neither is a string.
std::string GoSprint(std::span<const Value> args);
// fmt.Sprintln without the trailing newline handled by caller? No: with it.
std::string GoSprintln(std::span<const Value> args);
// fmt.Sprintf with Go's verbs and error forms (%!d(float64=80), %!v(MISSING)).
std::string GoSprintf(std::string_view format, std::span<const Value> args);

// strconv.FormatFloat(f, fmt, prec, 64) for fmt in 'g', 'e', 'f', 'G', 'E'.
std::string FormatFloat(double f, char fmt, int prec);
// strconv.Quote.
std::string GoQuote(std::string_view s);

// Deep copy of lists and maps (sprig deepCopy, values coalescing).
Value DeepCopy(const Value& v);

}  // namespace policycheck::helm
