// Charts: values files, --set syntax, dependencies, subcharts (directories
// and .tgz), globals, library charts, NOTES.txt, partials, hooks and order.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

#include "helm_test_util.h"

namespace policycheck::helm {
namespace {

using testing::RenderOne;
using testing::TempChart;
using testing::TestOptions;

std::string RenderWith(const std::map<std::string, std::string>& files, const HelmOptions& o) {
  TempChart c(files);
  RenderResult r = RenderChart(c.dir(), "charts/app", o);
  if (!r.issues.empty()) return "ERROR: " + r.issues[0].message;
  return FormatAsHelmOutput(r);
}

TEST(HelmValues, SetSyntaxAndPrecedence) {
  HelmOptions o = TestOptions();
  o.set = {"a.b=x,list[1].k=v", "esc\\.dot=1", "arr={one,two}", "n=12", "s=0012", "t=true"};
  o.set_string = {"str=true"};
  o.set_json = {"j={\"k\":[1,2]}"};
  std::string out = RenderWith(
      {{"templates/t.yaml",
        "v: {{ .Values.a.b }} {{ index .Values.list 1 \"k\" }} {{ index .Values \"esc.dot\" }} {{ .Values.arr }} "
        "{{ typeOf .Values.n }} {{ typeOf .Values.s }} {{ typeOf .Values.t }} {{ typeOf .Values.str }} "
        "{{ toJson .Values.j }} {{ .Values.keep }}\n"},
       {"values.yaml", "a: {b: old}\nkeep: yes\n"}},
      o);
  EXPECT_EQ(out, "---\n# Source: app/templates/t.yaml\nv: x v 1 [one two] int64 string bool string {\"k\":[1,2]} true\n");
}

TEST(HelmValues, ValuesFilesMergeInOrderAndNullDeletes) {
  TempChart c({{"templates/t.yaml", "v: {{ .Values.a }} {{ .Values.b.c }} {{ .Values.b.d }} {{ hasKey .Values \"gone\" }}\n"},
               {"values.yaml", "a: 1\nb: {c: 1, d: 1}\ngone: x\n"},
               {"f1.yaml", "a: 2\nb: {c: 2}\n"},
               {"f2.yaml", "a: 3\ngone: null\n"}});
  HelmOptions o = TestOptions();
  o.values_files = {c.dir() + "/f1.yaml", c.dir() + "/f2.yaml"};
  RenderResult r = RenderChart(c.dir(), "charts/app", o);
  ASSERT_TRUE(r.issues.empty()) << r.issues[0].message;
  EXPECT_EQ(r.files[0].text, "v: 3 2 1 false\n");
}

TEST(HelmCharts, SubchartsGlobalsConditionsAndAliases) {
  std::string sub_chart = "apiVersion: v2\nname: sub\nversion: 1.0.0\n";
  std::string sub_tmpl = "kind: ConfigMap\nname: {{ .Chart.Name }}-{{ .Values.x }}-{{ .Values.global.g }}\n";
  std::string out = RenderWith(
      {{"Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n"
        "- name: sub\n  version: \"^1.0.0\"\n  alias: first\n"
        "- name: sub\n  version: \"^1.0.0\"\n  alias: second\n  condition: second.enabled\n"},
       {"values.yaml", "global: {g: G}\nfirst: {x: one}\nsecond: {enabled: false}\n"},
       {"charts/sub/Chart.yaml", sub_chart},
       {"charts/sub/values.yaml", "x: default\nglobal: {g: sub}\n"},
       {"charts/sub/templates/cm.yaml", sub_tmpl}},
      TestOptions());
  EXPECT_EQ(out, "---\n# Source: app/charts/first/templates/cm.yaml\nkind: ConfigMap\nname: first-one-G\n");
}

TEST(HelmCharts, MissingDependencyIsAnError) {
  std::string out = RenderWith({{"Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n- name: gone\n  version: 1.0.0\n"},
                                {"templates/t.yaml", "a: 1\n"}},
                               TestOptions());
  EXPECT_NE(out.find("found in Chart.yaml, but missing in charts/ directory: gone"), std::string::npos) << out;
}

// A minimal ustar writer for .tgz subcharts.
std::string Tar(const std::map<std::string, std::string>& files) {
  std::string out;
  for (const auto& [name, data] : files) {
    char h[512] = {};
    std::strncpy(h, name.c_str(), 99);
    std::snprintf(h + 100, 8, "%07o", 0644);
    std::snprintf(h + 108, 8, "%07o", 0);
    std::snprintf(h + 116, 8, "%07o", 0);
    std::snprintf(h + 124, 12, "%011o", static_cast<unsigned>(data.size()));
    std::snprintf(h + 136, 12, "%011o", 0);
    h[156] = '0';
    std::memcpy(h + 257, "ustar", 5);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char ch : h) sum += ch;
    std::snprintf(h + 148, 8, "%06o", sum);
    out.append(h, 512);
    out += data;
    out.append((512 - data.size() % 512) % 512, '\0');
  }
  out.append(1024, '\0');
  return out;
}

std::string Gzip(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(HelmCharts, TgzSubchart) {
  std::string tgz = Gzip(Tar({{"packed/Chart.yaml", "apiVersion: v2\nname: packed\nversion: 2.0.0\n"},
                              {"packed/values.yaml", "msg: from-archive\n"},
                              {"packed/templates/cm.yaml", "kind: ConfigMap\nmsg: {{ .Values.msg }}\n"}}));
  std::string out = RenderWith({{"charts/packed-2.0.0.tgz", tgz}, {"templates/t.yaml", "kind: Secret\n"}}, TestOptions());
  EXPECT_EQ(out,
            "---\n# Source: app/templates/t.yaml\nkind: Secret\n---\n# Source: app/charts/packed/templates/cm.yaml\n"
            "kind: ConfigMap\nmsg: from-archive\n");
}

TEST(HelmCharts, NotesPartialsHooksAndKindOrder) {
  TempChart c({{"templates/NOTES.txt", "Installed {{ .Release.Name }}"},
               {"templates/_partial.yaml", "kind: Secret\n"},
               {"templates/a.yaml", "kind: Deployment\n---\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: test\n"},
               {"templates/b.yaml", "kind: Namespace\n---\n# only a comment\n"},
               {"templates/empty.yaml", "{{- if false }}x{{ end }}\n"}});
  RenderResult r = RenderChart(c.dir(), "charts/app", TestOptions());
  ASSERT_TRUE(r.issues.empty());
  EXPECT_EQ(r.notes, "Installed rel");
  EXPECT_EQ(FormatAsHelmOutput(r),
            "---\n# Source: app/templates/b.yaml\nkind: Namespace\n---\n# Source: app/templates/a.yaml\nkind: Deployment\n"
            "---\n# Source: app/templates/b.yaml\n# only a comment\n---\n# Source: app/templates/a.yaml\n"
            "kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: test\n");
}

TEST(HelmCharts, LibraryChartIsNotInstallable) {
  std::string out = RenderWith({{"Chart.yaml", "apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n"}}, TestOptions());
  EXPECT_EQ(out, "ERROR: library charts are not installable");
}

TEST(HelmCharts, SchemaValidation) {
  std::string out = RenderWith(
      {{"values.schema.json", R"({"type":"object","required":["image"],"properties":{"port":{"type":"integer"}}})"},
       {"values.yaml", "port: abc\n"},
       {"templates/t.yaml", "a: 1\n"}},
      TestOptions());
  EXPECT_NE(out.find("values don't meet the specifications of the schema(s)"), std::string::npos) << out;
  EXPECT_NE(out.find("missing property 'image'"), std::string::npos) << out;
  EXPECT_NE(out.find("/port"), std::string::npos) << out;
}

TEST(HelmCharts, RandomFunctionsAreReproducibleWithASeed) {
  std::string t = "a: {{ randAlphaNum 16 }}\nb: {{ uuidv4 }}\n";
  std::string x = RenderOne(t), y = RenderOne(t);
  EXPECT_EQ(x, y);
  EXPECT_EQ(x.size(), std::string("a: 0123456789abcdef\nb: 00000000-0000-4000-8000-000000000000\n").size());
}

}  // namespace
}  // namespace policycheck::helm
