// The streaming JSON writer prints byte for byte what nlohmann's pretty printer prints, including
// the replacement of invalid UTF-8, which the reporters relied on before the writer existed.
#include "json_writer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace policycheck::report {
namespace {

using ojson = nlohmann::ordered_json;

std::string Nlohmann(const ojson& j) { return j.dump(2, ' ', false, ojson::error_handler_t::replace); }

std::string Escaped(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

TEST(JsonWriterTest, StringsEscapeLikeNlohmann) {
  for (std::string s : {std::string(""), std::string("plain"), std::string("q\"b\\s/\b\f\n\r\t"),
                        std::string("\x01\x1f\x7f", 3), std::string("nul\0x", 5), std::string("é€𝄞"),
                        std::string("\xff"), std::string("\xc3("), std::string("\xe0\x80\x80"),
                        std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"), std::string("\xf0\x9f\x98"),
                        std::string("a\xc3"), std::string("\xc0\xaf"), std::string("\xe2\x82"),
                        std::string("\x80\x80"), std::string("\xf5\x80")}) {
    EXPECT_EQ(Escaped(s), ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace)) << s;
  }
}

TEST(JsonWriterTest, RandomBytesEscapeLikeNlohmann) {
  std::mt19937 rng(42);
  // Bytes weighted toward the UTF-8 boundaries, where the decoders could disagree.
  const unsigned char interesting[] = {0x00, 0x1f, 0x22, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
                                       0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3,
                                       0xf4, 0xf5, 0xff, 'a'};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (int n = static_cast<int>(rng() % 12); n > 0; --n) {
      s += static_cast<char>(rng() % 2 ? interesting[rng() % sizeof interesting] : rng() % 256);
    }
    ASSERT_EQ(Escaped(s), ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace)) << round;
  }
}

TEST(JsonWriterTest, NestedDocumentsPrintLikeNlohmann) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Field("version", 1);
  w.Key("empty_array");
  w.BeginArray();
  w.EndArray();
  w.Key("empty_object");
  w.BeginObject();
  w.EndObject();
  w.Key("list");
  w.BeginArray();
  w.String("a");
  w.BeginObject();
  w.Field("ok", true);
  w.Field("n", int64_t{-5});
  w.Key("deep");
  w.BeginArray();
  w.BeginArray();
  w.EndArray();
  w.Int(3);
  w.EndArray();
  w.EndObject();
  w.Double(0.25);
  w.Double(3.0);
  w.EndArray();
  w.Key("embedded");
  w.Value(ojson{{"x", ojson::array({1, 2})}, {"y", ojson::object()}, {"z", "s"}});
  w.EndObject();

  ojson expected;
  expected["version"] = 1;
  expected["empty_array"] = ojson::array();
  expected["empty_object"] = ojson::object();
  expected["list"] = ojson::array({"a", ojson{{"ok", true}, {"n", -5}, {"deep", ojson::array({ojson::array(), 3})}},
                                   0.25, 3.0});
  expected["embedded"] = ojson{{"x", ojson::array({1, 2})}, {"y", ojson::object()}, {"z", "s"}};
  EXPECT_EQ(out, Nlohmann(expected));
}

}  // namespace
}  // namespace policycheck::report
