// The source map: every rendered position maps back to the template file,
// line and column that produced it, through include, nindent and trimming.
#include <gtest/gtest.h>

#include "helm_test_util.h"

namespace policycheck::helm {
namespace {

using testing::TempChart;
using testing::TestOptions;

const char kTemplate[] =
    "apiVersion: v1\n"                                   // 1
    "kind: ConfigMap\n"                                  // 2
    "metadata:\n"                                        // 3
    "  name: {{ .Release.Name }}-cm\n"                   // 4
    "  labels:\n"                                        // 5
    "    {{- include \"app.labels\" . | nindent 4 }}\n"  // 6
    "data:\n"                                            // 7
    "  {{- if .Values.enabled }}\n"                      // 8
    "  key: {{ .Values.value | quote }}\n"               // 9
    "  {{- end }}\n";                                    // 10

const char kHelpers[] =
    "{{- define \"app.labels\" -}}\n"  // 1
    "app: demo\n"                      // 2
    "tier: {{ .Values.tier }}\n"       // 3
    "{{- end }}\n";                    // 4

class SourceMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chart_ = std::make_unique<TempChart>(std::map<std::string, std::string>{
        {"templates/cm.yaml", kTemplate},
        {"templates/_helpers.tpl", kHelpers},
        {"values.yaml", "enabled: true\nvalue: v\ntier: web\n"}});
    result_ = RenderChart(chart_->dir(), "charts/app", TestOptions());
    ASSERT_TRUE(result_.issues.empty()) << result_.issues[0].message;
    ASSERT_EQ(result_.files.size(), 1u);
  }
  MappedLocation Map(int line, int col) {
    return result_.files[0].mapper->Map(Location{"rendered", line, col});
  }

  std::unique_ptr<TempChart> chart_;
  RenderResult result_;
};

TEST_F(SourceMapTest, RendersAsHelmWould) {
  EXPECT_EQ(result_.files[0].text,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rel-cm\n  labels:\n    app: demo\n    tier: web\n"
            "data:\n  key: \"v\"\n");
  EXPECT_EQ(result_.files[0].template_path, "app/templates/cm.yaml");
  EXPECT_EQ(result_.files[0].display_path, "charts/app/templates/cm.yaml");
}

TEST_F(SourceMapTest, LiteralTextMapsExactly) {
  MappedLocation m = Map(2, 7);  // "ConfigMap"
  EXPECT_EQ(m.location.file, "charts/app/templates/cm.yaml");
  EXPECT_EQ(m.location.line, 2);
  EXPECT_EQ(m.location.column, 7);
  EXPECT_EQ(m.precision, Precision::kExact);
  m = Map(4, 12);  // "-cm" after the action
  EXPECT_EQ(m.location.line, 4);
  EXPECT_EQ(m.location.column, 28);
  EXPECT_EQ(m.precision, Precision::kExact);
}

TEST_F(SourceMapTest, ActionOutputMapsToTheAction) {
  MappedLocation m = Map(4, 9);  // "rel" from {{ .Release.Name }}
  EXPECT_EQ(m.location.file, "charts/app/templates/cm.yaml");
  EXPECT_EQ(m.location.line, 4);
  EXPECT_EQ(m.location.column, 9);
  EXPECT_EQ(m.precision, Precision::kAction);
  m = Map(9, 8);  // "\"v\"" from quote
  EXPECT_EQ(m.location.line, 9);
  EXPECT_EQ(m.location.column, 8);
  EXPECT_EQ(m.precision, Precision::kAction);
}

TEST_F(SourceMapTest, IncludedTextMapsIntoTheHelperThroughNindent) {
  MappedLocation m = Map(6, 5);  // "app: demo" comes from _helpers.tpl line 2
  EXPECT_EQ(m.location.file, "charts/app/templates/_helpers.tpl");
  EXPECT_EQ(m.location.line, 2);
  EXPECT_EQ(m.location.column, 1);
  EXPECT_EQ(m.precision, Precision::kExact);
  m = Map(6, 10);  // "demo"
  EXPECT_EQ(m.location.line, 2);
  EXPECT_EQ(m.location.column, 6);
  m = Map(7, 11);  // "web" is the {{ .Values.tier }} action in the helper
  EXPECT_EQ(m.location.file, "charts/app/templates/_helpers.tpl");
  EXPECT_EQ(m.location.line, 3);
  EXPECT_EQ(m.location.column, 7);
  EXPECT_EQ(m.precision, Precision::kAction);
  m = Map(6, 1);  // indentation added by nindent: the calling action
  EXPECT_EQ(m.location.file, "charts/app/templates/cm.yaml");
  EXPECT_EQ(m.location.line, 6);
  EXPECT_EQ(m.precision, Precision::kAction);
}

TEST_F(SourceMapTest, TrimmedLinesKeepTheirTemplateLine) {
  MappedLocation m = Map(9, 3);  // "key" on template line 9 after {{- if }} trimmed line 8
  EXPECT_EQ(m.location.line, 9);
  EXPECT_EQ(m.location.column, 3);
  EXPECT_EQ(m.precision, Precision::kExact);
}

TEST(SourceMapDocuments, EachDocumentMapsFromItsOwnStart) {
  TempChart c(std::map<std::string, std::string>{{"templates/two.yaml", "a: 1\n---\n# second\nkind: Secret\nb: {{ 2 }}\n"}});
  RenderResult r = RenderChart(c.dir(), "charts/app", TestOptions());
  ASSERT_TRUE(r.issues.empty());
  ASSERT_EQ(r.files.size(), 2u);
  // helm sorts by kind: the Secret comes first.
  EXPECT_EQ(r.files[0].text, "# second\nkind: Secret\nb: 2\n");
  MappedLocation m = r.files[0].mapper->Map(Location{"x", 3, 4});
  EXPECT_EQ(m.location.line, 5);
  EXPECT_EQ(m.location.column, 4);
  EXPECT_EQ(m.precision, Precision::kAction);
  m = r.files[1].mapper->Map(Location{"x", 1, 1});
  EXPECT_EQ(m.location.line, 1);
}

}  // namespace
}  // namespace policycheck::helm

namespace policycheck::helm {
namespace {

TEST(SourceMapValueOrigins, PrintedValuesPointAtTheirValuesFileLine) {
  testing::TempChart c(std::map<std::string, std::string>{
      {"templates/t.yaml", "kind: ConfigMap\nport: {{ .Values.svc.port }}\nname: {{ .Values.name | quote }}\nfixed: x\n"},
      {"values.yaml", "name: web\nsvc:\n  port: 8080\n"}});
  RenderResult r = RenderChart(c.dir(), "charts/app", testing::TestOptions());
  ASSERT_TRUE(r.issues.empty());
  ASSERT_EQ(r.files.size(), 1u);
  const auto& mapper = *r.files[0].mapper;
  auto o = mapper.ValueOrigins(Location{"x", 2, 7});
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].file, "charts/app/values.yaml");
  EXPECT_EQ(o[0].line, 3);
  EXPECT_EQ(o[0].column, 9);
  o = mapper.ValueOrigins(Location{"x", 3, 7});  // through quote
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].line, 1);
  EXPECT_TRUE(mapper.ValueOrigins(Location{"x", 4, 8}).empty());  // literal text
}

}  // namespace
}  // namespace policycheck::helm
