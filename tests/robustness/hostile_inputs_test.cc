// Hostile inputs through the CLI binary: each run ends with an exit code (no
// crash, no hang) and, where the input is at fault, a located PC001/PC005, in
// bounded memory. `timeout` is only a safety net; nothing here is timed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "bounded_run.h"

namespace policycheck::robustness {
namespace {

constexpr long kMemoryBoundKb = 1536L * 1024;  // generous: the tests also run under ASan

// The run ended by itself (exit 0, 1 or 2), in bounded memory, and its JSON output parses.
void ExpectBounded(const Outcome& o) {
  EXPECT_EQ(o.signal, 0) << o.Describe();
  EXPECT_TRUE(o.exit_code >= 0 && o.exit_code <= 2) << o.Describe();
  EXPECT_LT(o.max_rss_kb, kMemoryBoundKb) << o.Describe();
}

// A finding `rule_id` at `file_suffix`, on a real line, whose message contains `what`.
void ExpectLocated(const Outcome& o, const std::string& rule_id, const std::string& file_suffix,
                   const std::string& what) {
  ExpectBounded(o);
  auto found = FindingsOf(o, rule_id);
  ASSERT_FALSE(found.empty()) << o.Describe();
  const auto& loc = found[0]["location"];
  std::string file = loc["file"].get<std::string>();
  EXPECT_TRUE(file.ends_with(file_suffix)) << file;
  EXPECT_GE(loc["line"].get<int>(), 1) << found[0].dump();
  EXPECT_NE(found[0]["message"].get<std::string>().find(what), std::string::npos) << found[0].dump();
  EXPECT_EQ(o.exit_code, 1) << o.Describe();
}

Outcome Check(const std::string& path, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--no-config", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(path);
  return RunBounded(args);
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// ---- YAML ----

TEST(HostileYaml, BillionLaughsAliasBomb) {
  Sandbox box;
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (int i = 1; i <= 12; ++i) {  // 10^13 nodes when expanded
    std::string name = "l" + std::to_string(i);
    bomb += name + ": &" + name + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = name;
  }
  ExpectLocated(Check(box.Put("bomb.yaml", bomb)), "PC001", "bomb.yaml", "alias");
  // The same bomb inside a Kubernetes object (merge keys and aliases in a pod spec).
  std::string k8s = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n" ;
  std::string indented;
  for (size_t pos = 0, nl; pos < bomb.size(); pos = nl + 1) {
    nl = bomb.find('\n', pos);
    indented += "  " + bomb.substr(pos, nl - pos + 1);
  }
  ExpectLocated(Check(box.Put("cm.yaml", k8s + indented)), "PC001", "cm.yaml", "alias");
}

TEST(HostileYaml, HundredThousandLevelsOfBlockNesting) {
  Sandbox box;
  ExpectLocated(Check(box.Put("seq.yaml", Repeat("- ", 100000) + "x\n")), "PC001", "seq.yaml", "nesting");
  // Block sequences continuing into flow collections.
  ExpectLocated(Check(box.Put("mixed.yaml", Repeat("- ", 50000) + Repeat("[", 50000) + "x\n")), "PC001",
                "mixed.yaml", "");
}

TEST(HostileYaml, HundredThousandLevelsOfFlowNesting) {
  Sandbox box;
  ExpectLocated(Check(box.Put("seq.yaml", Repeat("[", 100000) + Repeat("]", 100000) + "\n")), "PC001", "seq.yaml",
                "nesting");
  ExpectLocated(Check(box.Put("map.yaml", Repeat("{a: ", 100000) + Repeat("}", 100000) + "\n")), "PC001", "map.yaml",
                "nesting");
  // Unclosed: the parser must not recurse to the end of the file either.
  ExpectLocated(Check(box.Put("open.yaml", "k: " + Repeat("[{a: ", 100000) + "\n")), "PC001", "open.yaml", "");
}

TEST(HostileYaml, TenMegabyteSingleLine) {
  Sandbox box;
  // A valid 10 MB scalar is checked (no finding); an unclosed quoted one is a located error.
  auto ok = Check(box.Put("long.yaml", "a: " + std::string(10 << 20, 'x') + "\n"));
  ExpectBounded(ok);
  EXPECT_EQ(ok.exit_code, 0) << ok.Describe();
  ExpectLocated(Check(box.Put("open.yaml", "a: \"" + std::string(10 << 20, 'x'))), "PC001", "open.yaml", "");
}

// ---- Large, binary and invalid UTF-8 files ----

TEST(HostileFiles, FileOverTheDefaultLimitIsALocatedError) {
  Sandbox box;
  // The default limit is 64 MB: one byte more is refused, located at the file (sparse: no disk space).
  std::string over = box.Put("over.yaml", "");
  fs::resize_file(over, (64LL << 20) + 1);
  ExpectLocated(Check(over), "PC001", "over.yaml", "limits.max-file-size");
}

// A refused file is never read afterwards either (the directive scan and the text reporter's
// snippet used to read it in full: 66 s and 2 GB RSS for this file).
TEST(HostileFiles, GigabyteFileIsRefusedWithoutBeingRead) {
  Sandbox box;
  std::string path = box.Put("big.yaml", "");
  fs::resize_file(path, 1LL << 30);  // sparse: reading it would take 1 GB of memory
  for (const std::string format : {"json", "text"}) {
    Outcome o = RunBounded({"--no-config", "--format", format, path});
    ExpectBounded(o);
    EXPECT_NE(o.out.find("larger than the limit"), std::string::npos) << o.Describe();
    EXPECT_LT(o.max_rss_kb, 256 * 1024) << "the refused file was read: " << o.Describe();
  }
}

// An explicitly named FIFO with no writer reads as empty (it used to block forever in open), and
// a device is read only up to the size limit (the kind sniffer used to read /dev/zero forever).
TEST(HostileFiles, NamedFifoAndDeviceDoNotHang) {
  Sandbox box;
  std::string fifo = box.Path("fifo.yaml");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ExpectBounded(RunBounded({"--no-config", "--format", "json", fifo}));
  Outcome zero = RunBounded({"--no-config", "--format", "json", "/dev/zero"});
  ExpectBounded(zero);
  EXPECT_NE(zero.out.find("larger than the limit"), std::string::npos) << zero.Describe();
}

TEST(HostileFiles, BinaryFilesAreLocatedErrors) {
  Sandbox box;
  std::string elf("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
  ExpectLocated(Check(box.Put("blob.yaml", elf + std::string(4096, '\xff'))), "PC001", "blob.yaml", "binary");
  ExpectLocated(Check(box.Put("Dockerfile", "FROM alpine:3.20\n" + elf)), "PC001", "Dockerfile", "binary");
}

// Invalid UTF-8 is checked as bytes; every output format stays valid (JSON parsers reject invalid UTF-8).
void ExpectValidOutputs(const std::vector<std::string>& paths) {
  for (const std::string format : {"json", "sarif", "text"}) {
    std::vector<std::string> args = {"--no-config", "--deterministic", "--format", format};
    args.insert(args.end(), paths.begin(), paths.end());
    Outcome o = RunBounded(args);
    ExpectBounded(o);
    if (format == "text") continue;
    auto j = nlohmann::json::parse(o.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << format << ": " << o.Describe();
  }
}

const char kBadUtf8[] = "\xff\xfe\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82";

TEST(HostileFiles, InvalidUtf8InYamlDockerfileAndTemplate) {
  Sandbox box;
  std::string bad = kBadUtf8;
  std::string yaml = box.Put("m.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p" + bad +
                                           "\n  annotations: {\"" + bad + "\": \"" + bad + "\"}\nspec:\n"
                                           "  containers:\n  - name: " + bad + "\n    image: " + bad + "\n"
                                           "    securityContext: {privileged: true}\n" + bad + ": [\n");
  std::string docker = box.Put("Dockerfile", "FROM " + bad + "\nUSER " + bad + "\nRUN echo " + bad +
                                                 " && curl http://x | sh\nENV PASSWORD=" + bad + "\n");
  box.Put("chart/Chart.yaml", "apiVersion: v2\nname: bad\nversion: 0.1.0\n");
  box.Put("chart/values.yaml", "name: \"" + bad + "\"\n");
  box.Put("chart/templates/t.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + bad +
                                        "\ndata:\n  a: {{ .Values.name | quote }}\n  b: {{ " + bad + " }}\n");
  box.Put("chart2/Chart.yaml", "apiVersion: v2\nname: bad2\nversion: 0.1.0\n");
  box.Put("chart2/templates/t.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x" + bad +
                                         "\ndata:\n  a: {{ printf \"%s\" \"" + bad + "\" | quote }}\n");
  ExpectValidOutputs({yaml, docker, box.Path("chart"), box.Path("chart2")});
  // A template action that is not valid syntax is located in the template.
  ExpectLocated(Check(box.Path("chart")), "PC005", "templates/t.yaml", "");
}

TEST(HostileFiles, NulBytesInAChartTemplate) {
  Sandbox box;
  box.Put("chart/Chart.yaml", "apiVersion: v2\nname: nul\nversion: 0.1.0\n");
  box.Put("chart/templates/t.yaml", std::string("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x") + '\0' +
                                        "y\ndata:\n  a: {{ \"\\x00\" | quote }}\n");
  ExpectValidOutputs({box.Path("chart")});
}

// ---- Dockerfiles ----

// Found while writing these tests: each chained stage copied its base's ENV
// (memory quadratic in the file: 4.5 GB for a 100 KB file) and stage lookups
// were linear per FROM / COPY --from (a minute for 20,000 stages).
TEST(HostileDockerfile, LongStageChainsOverManyEnvVariables) {
  Sandbox box;
  std::string text = "FROM alpine:3.20 AS s0\n";
  for (int i = 0; i < 5000; ++i) text += "ENV V" + std::to_string(i) + "=x\n";
  for (int i = 0; i < 20000; ++i) {
    text += "FROM s" + std::to_string(i) + " AS s" + std::to_string(i + 1) + "\nCOPY --from=s" +
            std::to_string(i) + " / /\nCOPY --from=" + std::to_string(i) + " / /\n";
  }
  text += "FROM s1 AS s1\nUSER 1000\n";
  Outcome o = Check(box.Put("Dockerfile", text));
  ExpectLocated(o, "PC001", "Dockerfile", "ENV variables in total");
  EXPECT_LT(o.max_rss_kb, 512 * 1024) << o.Describe();
  ExpectLocated(o, "DKR030", "Dockerfile", "already used");
}

TEST(HostileDockerfile, DeepSubstitutionsContinuationsAndHeredocs) {
  Sandbox box;
  std::string text = "FROM alpine:3.20\nARG A=1\n";
  text += "RUN echo " + Repeat("${A:-", 100000) + "x" + Repeat("}", 100000) + "\n";
  text += "RUN echo " + Repeat("$(", 100000) + Repeat(")", 100000) + "\n";
  text += "RUN " + Repeat("{ ", 100000) + "x; " + Repeat("} ", 100000) + "\n";
  text += "RUN [" + Repeat("[", 100000) + "]\n";
  text += "RUN echo \\\n" + Repeat("x \\\n", 200000) + "\n";
  text += Repeat("RUN <<EOF\n", 20000) + "EOF\n";
  text += "RUN echo " + std::string(10 << 20, 'x') + "\nUSER 1000\n";
  ExpectBounded(Check(box.Put("Dockerfile", text)));
}

// ---- Helm templates ----

std::string Chart(const Sandbox& box, const std::string& template_text, const std::string& helpers = "") {
  box.Put("chart/Chart.yaml", "apiVersion: v2\nname: hostile\nversion: 0.1.0\n");
  box.Put("chart/templates/t.yaml", template_text);
  if (!helpers.empty()) box.Put("chart/templates/_helpers.tpl", helpers);
  return box.Path("chart");
}

TEST(HostileCharts, IncludeRecursion) {
  Sandbox box;
  std::string chart = Chart(box, "a: 1\nb: {{ include \"loop\" . }}\n",
                            "{{- define \"loop\" -}}{{ include \"other\" . }}{{- end -}}\n"
                            "{{- define \"other\" -}}x{{ include \"loop\" . }}{{- end -}}\n");
  ExpectLocated(Check(chart), "PC005", "templates/t.yaml", "");
  // tpl re-entering itself through values.
  Sandbox box2;
  box2.Put("chart/values.yaml", "t: '{{ tpl .Values.t . }}'\n");
  ExpectLocated(Check(Chart(box2, "a: {{ tpl .Values.t . }}\n")), "PC005", "templates/t.yaml", "");
}

TEST(HostileCharts, HugeUntilAndRepeat) {
  Sandbox a, b, c;
  ExpectLocated(Check(Chart(a, "a: {{ len (until 2000000000) }}\n")), "PC005", "templates/t.yaml", "until");
  ExpectLocated(Check(Chart(b, "a: {{ repeat 2000000000 \"xy\" | len }}\n")), "PC005", "templates/t.yaml",
                "repeat");
  // 10^10 steps. The default step limit (50 M) takes minutes in an -O0 build, so this run sets a lower one.
  std::string config = c.Put("c.yaml", "limits:\n  max-template-steps: 1000000\n");
  Outcome o = RunBounded({"--config", config, "--format", "json",
                          Chart(c, "{{ range until 100000 }}{{ range until 100000 }}x{{ end }}{{ end }}\n")});
  ExpectLocated(o, "PC005", "templates/t.yaml", "steps");
}

// Every function result counts against max-template-output: doubling a string or a list 64 times
// stops at the limit instead of exhausting memory.
TEST(HostileCharts, StringAndListDoublingIsBounded) {
  for (const std::string f : {"print $s $s", "cat $s $s", "list $s $s | join \"\"", "printf \"%s%s\" $s $s",
                              "nospace (print $s \" \" $s)", "list $s $s | toStrings | join \"\""}) {
    Sandbox d;
    ExpectLocated(Check(Chart(d, "{{ $s := \"xx\" }}{{ range until 64 }}{{ $s = " + f +
                                     " }}{{ end }}a: {{ len $s }}\n")),
                  "PC005", "templates/t.yaml", "exceeds the limit");
  }
  for (const std::string f : {"concat $l $l", "concat $l $l $l"}) {
    Sandbox d;
    ExpectLocated(Check(Chart(d, "{{ $l := list 1 }}{{ range until 64 }}{{ $l = " + f +
                                     " }}{{ end }}a: {{ len $l }}\n")),
                  "PC005", "templates/t.yaml", "");
  }
}

TEST(HostileCharts, FilesNeverReadOutsideTheChart) {
  Sandbox box;
  box.Put("secret.txt", "TOP-SECRET-OUTSIDE-THE-CHART\n");
  box.Put("chart/files/in.txt", "inside\n");
  std::string chart = Chart(box,
                            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
                            "  a: {{ .Files.Get \"../../etc/passwd\" | quote }}\n"
                            "  b: {{ .Files.Get \"/etc/passwd\" | quote }}\n"
                            "  c: {{ .Files.Get \"../secret.txt\" | quote }}\n"
                            "  d: {{ .Files.Get \"files/../../secret.txt\" | quote }}\n"
                            "  e: {{ .Files.Get \"link.txt\" | quote }}\n"
                            "  f: {{ .Files.Get \"linkdir/secret.txt\" | quote }}\n"
                            "  g: {{ .Files.Glob \"**\" | toJson | quote }}\n"
                            "  h: {{ (.Files.Glob \"../*\").AsConfig | quote }}\n"
                            "  i: {{ .Files.Lines \"../secret.txt\" | toJson | quote }}\n"
                            "  j: {{ .Files.Get \"files/in.txt\" | quote }}\n");
  fs::create_symlink(box.Path("secret.txt"), box.Path("chart/link.txt"));
  fs::create_directory_symlink(box.Path(), box.Path("chart/linkdir"));
  Outcome o = RunBounded({"render", chart});
  ExpectBounded(o);
  EXPECT_EQ(o.out.find("TOP-SECRET"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("root:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("j: \"inside\\n\""), std::string::npos) << o.Describe();  // inside is readable
  ExpectBounded(Check(chart));
}

TEST(HostileCharts, CatastrophicRegexInATemplate) {
  Sandbox a, b;
  // Exponential for a backtracking engine; RE2 is linear.
  std::string subject = std::string(5000, 'a') + "!";
  ExpectBounded(Check(Chart(a, "a: {{ regexMatch \"^(a+)+$\" \"" + subject + "\" }}\n"
                               "b: {{ regexReplaceAll \"(a*)*b\" \"" + subject + "\" \"x\" | len }}\n"
                               "c: {{ regexFindAll \"(a|aa)+$\" \"" + subject + "\" -1 | len }}\n")));
  // A pattern whose compiled program exceeds the regex memory budget is an error, not an allocation.
  ExpectLocated(Check(Chart(b, "a: {{ regexMatch \"((((((a{1000}){1000}){1000}){1000}){1000}){1000})\" \"a\" }}\n")),
                "PC005", "templates/t.yaml", "");
}

// ---- Config ----

TEST(HostileConfig, CatastrophicExcludeGlob) {
  Sandbox box;
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/";
  box.Put("tree/" + deep + "m.yaml", "a: 1\n");
  std::string glob = Repeat("**/", 30) + Repeat("*a", 30) + "*b";
  std::string config = box.Put("c.yaml", "paths:\n  exclude:\n    - \"" + glob + "\"\n    - \"" +
                                             Repeat("*a", 200) + "*b\"\n");
  Outcome o = RunBounded({"--config", config, "--format", "json", box.Path("tree")});
  ExpectBounded(o);
  EXPECT_EQ(o.exit_code, 0) << o.Describe();
}

// ---- Directory walks ----

TEST(HostileWalk, SymlinkLoopsLinksOutAndFifos) {
  Sandbox box;
  box.Put("root/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
  fs::create_directory_symlink(box.Path("root"), box.Path("root/self"));
  fs::create_directory_symlink("..", box.Path("root/up"));
  fs::create_directories(box.Path("root/a/b"));
  fs::create_directory_symlink(box.Path("root/a"), box.Path("root/a/b/back"));
  fs::create_symlink("loop1.yaml", box.Path("root/loop2.yaml"));
  fs::create_symlink("loop2.yaml", box.Path("root/loop1.yaml"));
  fs::create_symlink("Dockerfile", box.Path("root/Dockerfile"));  // ELOOP on itself
  ::mkfifo(box.Path("root/fifo.yaml").c_str(), 0600);             // never opened by a walk
  for (const auto& extra : std::vector<std::vector<std::string>>{{}, {"--follow-symlinks"}}) {
    Outcome o = Check(box.Path("root"), extra);
    ExpectBounded(o);
    auto j = nlohmann::json::parse(o.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << o.Describe();
    for (const auto& f : j["findings"]) EXPECT_GE(f["location"]["line"].get<int>(), 0) << f.dump();
  }
}

TEST(HostileWalk, UnreadableFileAndDirectory) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: chmod 000 does not stop reads";
  Sandbox box;
  box.Put("root/ok.yaml", "a: 1\n");
  std::string unreadable = box.Put("root/secret.yaml", "a: 1\n");
  fs::permissions(unreadable, fs::perms::none);
  fs::create_directories(box.Path("root/closed"));
  box.Put("root/closed/m.yaml", "a: 1\n");
  fs::permissions(box.Path("root/closed"), fs::perms::none);
  Outcome o = Check(box.Path("root"));
  ExpectLocated(o, "PC001", "secret.yaml", "");
  bool dir_reported = false;
  for (const auto& f : FindingsOf(o, "PC001")) {
    dir_reported |= f["location"]["file"].get<std::string>().ends_with("closed");
  }
  EXPECT_TRUE(dir_reported) << o.Describe();
}

}  // namespace
}  // namespace policycheck::robustness
