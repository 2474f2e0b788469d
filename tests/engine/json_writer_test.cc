// The streaming JSON writer prints byte for byte what nlohmann's pretty printer prints, including
// the replacement of invalid UTF-8, which the reporters relied on before the writer existed.
#include "json_writer.h"

#include "policycheck/engine.h"
#include "policycheck/registry.h"
#include "policycheck/report.h"

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

namespace policycheck {
namespace {

Finding MakeFinding(const std::string& id, Severity severity, int line, bool suppressed) {
  Finding f;
  f.rule_id = id;
  f.rule_name = "x";
  f.severity = severity;
  f.message = "m" + std::to_string(line);
  f.location = Location{"a.yaml", line, 1};
  f.fingerprint = "fp" + std::to_string(line);
  if (suppressed) f.suppression = Suppression{"inline", "", Location{}};
  return f;
}

// GitHub rejects runs of more than 25,000 results: the SARIF report keeps the most severe,
// unsuppressed first, in report order, and says how many it left out.
TEST(SarifLimitTest, KeepsTheMostSevereResultsAndSaysHowManyWereLeftOut) {
  RunResult result;
  result.findings = {MakeFinding("A", Severity::kNote, 1, false), MakeFinding("B", Severity::kError, 2, true),
                     MakeFinding("C", Severity::kWarning, 3, false), MakeFinding("D", Severity::kError, 4, false),
                     MakeFinding("E", Severity::kWarning, 5, false)};
  RuleRegistry registry;
  SourceStore sources;
  ReportContext ctx{result, registry, sources};
  ctx.deterministic = true;
  auto sarif = nlohmann::json::parse(FormatSarif(ctx, 3));
  std::vector<std::string> kept;
  for (const auto& r : sarif["runs"][0]["results"]) kept.push_back(r["message"]["text"]);
  EXPECT_EQ(kept, (std::vector<std::string>{"m3", "m4", "m5"}));
  const auto& notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["descriptor"]["id"], "results-truncated");
  EXPECT_NE(notes[0]["message"]["text"].get<std::string>().find("2 of 5 results left out"), std::string::npos);
  // Under the limit nothing is left out.
  sarif = nlohmann::json::parse(FormatSarif(ctx));
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 5u);
  EXPECT_TRUE(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].empty());
}

}  // namespace
}  // namespace policycheck
