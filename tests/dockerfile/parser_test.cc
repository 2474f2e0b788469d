// Dockerfile parser: one test per BuildKit behaviour listed in issue 3.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "policycheck/dockerfile/model.h"
#include "policycheck/dockerfile/parser.h"
#include "test_util.h"

namespace policycheck::dockerfile {
namespace {

ParseResult ParseText(std::string text, std::string path = "Dockerfile") {
  return Parse(std::make_shared<SourceFile>(path, "", std::move(text)));
}

std::string Issues(const ParseResult& r) {
  std::string out;
  for (const LoadIssue& i : r.issues) {
    out += std::to_string(i.location.line) + ":" + std::to_string(i.location.column) + " " +
           i.message + "\n";
  }
  return out;
}

std::vector<std::string> Argv(const ShellCommand& c) {
  std::vector<std::string> out;
  for (const Word& w : c.argv) out.push_back(w.text);
  return out;
}

TEST(ParserTest, StagesAndInstructionsWithLocations) {
  auto r = ParseText("FROM ubuntu:22.04 AS build\nRUN make\n\nfrom build\nuser app\n");
  ASSERT_EQ(Issues(r), "");
  const Dockerfile& df = *r.file;
  ASSERT_EQ(df.stages.size(), 2u);
  EXPECT_EQ(df.stages[0].name, "build");
  EXPECT_EQ(df.stages[0].name_location.line, 1);
  EXPECT_EQ(df.stages[0].name_location.column, 22);
  EXPECT_EQ(df.stages[0].image.repository, "library/ubuntu");
  EXPECT_EQ(df.stages[0].image.tag, "22.04");
  EXPECT_EQ(df.stages[1].base_kind, BaseKind::kStage);
  EXPECT_EQ(df.stages[1].base_stage, 0);
  ASSERT_EQ(df.stages[1].instructions.size(), 1u);
  const Instruction& user = df.stages[1].instructions[0];
  EXPECT_EQ(user.keyword, "USER");  // case-insensitive keywords
  EXPECT_EQ(user.location.line, 5);
  EXPECT_EQ(user.location.column, 1);
  EXPECT_EQ(user.args[0].text, "app");
  EXPECT_EQ(user.args[0].location.column, 6);
}

TEST(ParserTest, DirectivesOnlyBeforeFirstInstruction) {
  auto r = ParseText("# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\n# escape=`\n");
  EXPECT_EQ(Issues(r), "");
  ASSERT_EQ(r.file->directives.size(), 2u);
  EXPECT_EQ(r.file->directives[0].name, "syntax");
  EXPECT_EQ(r.file->directives[0].value, "docker/dockerfile:1");
  EXPECT_EQ(r.file->escape, '\\');
  // A comment or empty line ends the directives.
  auto r2 = ParseText("# hello\n# escape=`\nFROM a\n");
  EXPECT_TRUE(r2.file->directives.empty());
  auto r3 = ParseText("\n# escape=`\nFROM a\n");
  EXPECT_TRUE(r3.file->directives.empty());
}

TEST(ParserTest, BacktickEscapeContinuation) {
  auto r = ParseText("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n    && echo hi\n");
  ASSERT_EQ(Issues(r), "");
  EXPECT_EQ(r.file->escape, '`');
  const Instruction& run = r.file->stages[0].instructions[0];
  EXPECT_EQ(run.args_text, "dir c:\\     && echo hi");
  EXPECT_EQ(run.end_location.line, 4);
}

TEST(ParserTest, UnknownAndDuplicateDirectives) {
  auto r = ParseText("# escape=x\nFROM a\n");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].rule_id, "PC001");
  EXPECT_EQ(r.issues[0].location.line, 1);
  EXPECT_EQ(r.file->escape, '\\');
  ASSERT_EQ(r.file->stages.size(), 1u);  // the rest is still parsed
  auto r2 = ParseText("# syntax=a\n# syntax=b\nFROM a\n");
  ASSERT_EQ(r2.issues.size(), 1u);
  EXPECT_EQ(r2.issues[0].location.line, 2);
}

TEST(ParserTest, ContinuationsWithCommentsEmptyLinesAndTrailingSpace) {
  auto r = ParseText(
      "FROM a\n"
      "RUN apt-get update \\  \n"
      "# a comment inside\n"
      "\n"
      "    && apt-get install -y curl\n"
      "CMD x\n");
  ASSERT_EQ(Issues(r), "");
  const auto& ins = r.file->stages[0].instructions;
  ASSERT_EQ(ins.size(), 2u);
  EXPECT_EQ(ins[0].args_text, "apt-get update     && apt-get install -y curl");
  ASSERT_EQ(ins[0].commands.size(), 2u);
  EXPECT_EQ(Argv(ins[0].commands[1]),
            (std::vector<std::string>{"apt-get", "install", "-y", "curl"}));
  EXPECT_EQ(ins[0].commands[1].argv[0].location.line, 5);
  EXPECT_EQ(ins[0].commands[1].argv[0].location.column, 8);
  EXPECT_EQ(ins[0].commands[1].argv[3].location.column, 27);
  EXPECT_EQ(ins[1].location.line, 6);
}

TEST(ParserTest, CrlfAndBom) {
  auto r = ParseText("\xEF\xBB\xBF# escape=`\r\nFROM a\r\nRUN echo `\r\n  hi\r\nUSER 1001\r\n");
  ASSERT_EQ(Issues(r), "");
  EXPECT_EQ(r.file->escape, '`');
  const auto& ins = r.file->stages[0].instructions;
  ASSERT_EQ(ins.size(), 2u);
  EXPECT_EQ(ins[0].args_text, "echo   hi");
  EXPECT_EQ(ins[1].args[0].text, "1001");
}

TEST(ParserTest, HeredocRun) {
  auto r = ParseText("FROM a\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\nUSER 1\n");
  ASSERT_EQ(Issues(r), "");
  const auto& ins = r.file->stages[0].instructions;
  ASSERT_EQ(ins.size(), 2u);
  ASSERT_EQ(ins[0].heredocs.size(), 1u);
  EXPECT_EQ(ins[0].heredocs[0].delimiter, "EOF");
  EXPECT_EQ(ins[0].heredocs[0].body, "apt-get update\napt-get install -y x\n");
  EXPECT_FALSE(ins[0].heredocs[0].quoted);
  ASSERT_EQ(ins[0].commands.size(), 2u);
  EXPECT_TRUE(ins[0].commands[1].from_heredoc);
  EXPECT_EQ(ins[0].commands[1].argv[2].location.line, 4);
  EXPECT_EQ(ins[0].commands[1].argv[2].location.column, 17);
  EXPECT_EQ(ins[1].keyword, "USER");
  EXPECT_EQ(ins[1].location.line, 6);
}

TEST(ParserTest, HeredocStripTabsQuotedAndSeveral) {
  auto r = ParseText(
      "FROM a\n"
      "RUN <<-'EOT' bash\n"
      "\techo $HOME\n"
      "\tEOT\n"
      "COPY <<A <<\"B\" /dst/\n"
      "one\n"
      "A\n"
      "two\n"
      "B\n");
  ASSERT_EQ(Issues(r), "");
  const auto& ins = r.file->stages[0].instructions;
  ASSERT_EQ(ins.size(), 2u);
  EXPECT_TRUE(ins[0].heredocs[0].strip_tabs);
  EXPECT_TRUE(ins[0].heredocs[0].quoted);
  EXPECT_EQ(ins[0].heredocs[0].body, "echo $HOME\n");
  EXPECT_EQ(ins[0].heredocs[0].positions.At(0).column, 2);
  ASSERT_EQ(ins[1].heredocs.size(), 2u);
  EXPECT_EQ(ins[1].heredocs[0].body, "one\n");
  EXPECT_FALSE(ins[1].heredocs[0].quoted);
  EXPECT_EQ(ins[1].heredocs[1].body, "two\n");
  EXPECT_TRUE(ins[1].heredocs[1].quoted);
  EXPECT_EQ(ins[1].heredocs[1].location.column, 10);
  EXPECT_EQ(ins[1].args.back().text, "/dst/");
}

TEST(ParserTest, HeredocAsStdinIsDataNotCommands) {
  auto r = ParseText("FROM a\nRUN cat <<EOF > /etc/x && chmod 600 /etc/x\nrm -rf /\nEOF\n");
  ASSERT_EQ(Issues(r), "");
  const auto& run = r.file->stages[0].instructions[0];
  ASSERT_EQ(run.commands.size(), 2u);
  EXPECT_EQ(run.commands[0].name(), "cat");
  EXPECT_EQ(run.commands[1].name(), "chmod");
}

TEST(ParserTest, HeredocReadByAShellIsAScript) {
  auto r = ParseText(
      "FROM a\n"
      "RUN <<-EOT bash\n"
      "\tset -e\n"
      "\tapt-get install curl\n"
      "\tEOT\n"
      "RUN python3 <<EOF\nimport os\nEOF\n");
  ASSERT_EQ(Issues(r), "");
  const auto& run = r.file->stages[0].instructions[0];
  ASSERT_EQ(run.commands.size(), 3u);
  EXPECT_EQ(run.commands[0].name(), "bash");
  EXPECT_EQ(run.commands[2].name(), "apt-get");
  EXPECT_TRUE(run.commands[2].from_heredoc);
  EXPECT_EQ(run.commands[2].argv[1].location.line, 4);
  EXPECT_EQ(run.commands[2].argv[1].location.column, 10);
  const auto& py = r.file->stages[0].instructions[1];
  ASSERT_EQ(py.commands.size(), 1u);  // python's stdin is data, not shell commands
  EXPECT_EQ(py.commands[0].name(), "python3");
}

TEST(ParserTest, UnterminatedHeredocIsLocated) {
  auto r = ParseText("FROM a\nRUN <<EOF\necho hi\n");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].location.line, 2);
  EXPECT_EQ(r.issues[0].location.column, 5);
  EXPECT_NE(r.issues[0].message.find("unterminated heredoc"), std::string::npos);
}

TEST(ParserTest, ExecFormAndFallbackToShellForm) {
  auto r = ParseText(
      "FROM a\n"
      "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
      "ENTRYPOINT ['single', 'quotes']\n"
      "RUN [\"a\",]\n");
  ASSERT_EQ(Issues(r), "");
  const auto& ins = r.file->stages[0].instructions;
  EXPECT_EQ(ins[0].form, InstructionForm::kExec);
  ASSERT_EQ(ins[0].args.size(), 3u);
  EXPECT_EQ(ins[0].args[2].text, "daemon off;");
  EXPECT_EQ(ins[0].args[1].location.column, 15);
  EXPECT_EQ(ins[1].form, InstructionForm::kShell);
  EXPECT_EQ(ins[2].form, InstructionForm::kShell);
}

TEST(ParserTest, OnbuildWrapsInstruction) {
  auto r = ParseText("FROM a\nONBUILD run apt-get update\nONBUILD FROM x\n");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].location.line, 3);
  const auto& ins = r.file->stages[0].instructions;
  ASSERT_TRUE(ins[0].onbuild);
  EXPECT_EQ(ins[0].onbuild->keyword, "RUN");
  EXPECT_EQ(ins[0].onbuild->location.column, 9);
  EXPECT_EQ(ins[0].onbuild->args_text, "apt-get update");
}

TEST(ParserTest, Flags) {
  auto r = ParseText(
      "FROM --platform=$BUILDPLATFORM golang AS b\n"
      "RUN --mount=type=cache,target=/root/.cache --network=none go build\n"
      "COPY --from=b --chown=app:app --chmod=755 --link /out /app\n"
      "ADD --checksum=sha256:abc https://x/y.tgz /tmp/\n"
      "HEALTHCHECK --interval=5m --timeout=3s --start-period=1s --retries=3 CMD curl -f http://localhost/\n"
      "RUN --bogus=1 true\n");
  ASSERT_EQ(r.issues.size(), 1u) << Issues(r);
  EXPECT_EQ(r.issues[0].location.line, 6);
  EXPECT_EQ(r.issues[0].location.column, 5);
  const Stage& s = r.file->stages[0];
  EXPECT_EQ(s.raw_platform, "$BUILDPLATFORM");
  const auto& ins = s.instructions;
  ASSERT_EQ(ins[0].flags.size(), 2u);
  EXPECT_EQ(ins[0].flags[0].name, "mount");
  EXPECT_EQ(ins[0].flags[0].value, "type=cache,target=/root/.cache");
  EXPECT_EQ(ins[0].flags[1].location.column, 44);
  EXPECT_EQ(ins[0].args_text, "go build");
  EXPECT_EQ(ins[1].FindFlag("from")->value, "b");
  EXPECT_EQ(ins[1].FindFlag("chmod")->value, "755");
  EXPECT_FALSE(ins[1].FindFlag("link")->has_value);
  EXPECT_EQ(ins[2].FindFlag("checksum")->value, "sha256:abc");
  EXPECT_EQ(ins[3].FindFlag("start-period")->value, "1s");
  EXPECT_EQ(ins[3].form, InstructionForm::kShell);
  EXPECT_EQ(ins[3].args[0].text, "curl");
}

TEST(ParserTest, ArgExpansion) {
  auto r = ParseText(
      "ARG BASE=alpine\n"
      "ARG TAG\n"
      "ARG V=3.19\n"
      "FROM ${BASE}:${V} AS one\n"
      "ARG V\n"
      "ENV APP=/srv HOME_DIR=${APP:-/none} ALT=${NOPE:+x} D=${NOPE:-dflt} L=\\$APP\n"
      "WORKDIR $APP/app\n"
      "USER ${UID:-1001}\n"
      "LABEL v=\"$V\"\n"
      "EXPOSE ${PORT:-8080}\n"
      "COPY --chown=${UID:-1}:0 a $APP/\n"
      "FROM $BASE:$TAG\n");
  ASSERT_EQ(Issues(r), "");
  const Dockerfile& df = *r.file;
  ASSERT_EQ(df.global_args.size(), 3u);
  EXPECT_EQ(df.stages[0].image.expanded, "alpine:3.19");
  EXPECT_EQ(df.stages[0].image.raw, "${BASE}:${V}");
  const auto& ins = df.stages[0].instructions;
  const auto& env = ins[1].pairs;
  EXPECT_EQ(env[0].value, "/srv");
  EXPECT_EQ(env[1].value, "/none");  // APP is set by this same ENV: not yet visible
  EXPECT_EQ(env[2].value, "");
  EXPECT_EQ(env[3].value, "dflt");
  EXPECT_EQ(env[4].value, "$APP");
  EXPECT_EQ(ins[2].args[0].text, "/srv/app");
  EXPECT_EQ(ins[3].args[0].text, "1001");
  EXPECT_EQ(ins[4].pairs[0].value, "3.19");  // ARG V re-declared takes the global default
  EXPECT_EQ(ins[5].args[0].text, "8080");
  EXPECT_EQ(ins[6].FindFlag("chown")->value, "1:0");
  EXPECT_EQ(ins[6].args[1].text, "/srv/");
  EXPECT_EQ(df.stages[1].image.expanded, "alpine:");
  EXPECT_TRUE(df.stages[1].image.has_unexpanded_vars);
}

TEST(ParserTest, ProcessWordForms) {
  std::map<std::string, std::string> v = {{"A", "hello.tar.gz"}, {"E", ""}};
  EXPECT_EQ(ProcessWord("${A%.gz}", v, '\\'), "hello.tar");
  EXPECT_EQ(ProcessWord("${A%%.*}", v, '\\'), "hello");
  EXPECT_EQ(ProcessWord("${A#*.}", v, '\\'), "tar.gz");
  EXPECT_EQ(ProcessWord("${A##*.}", v, '\\'), "gz");
  EXPECT_EQ(ProcessWord("${A/tar/zip}", v, '\\'), "hello.zip.gz");
  EXPECT_EQ(ProcessWord("${E-x}|${E:-y}|${E+z}|${E:+w}", v, '\\'), "|y|z|");
  EXPECT_EQ(ProcessWord("'$A'\"$A\"\\$A", v, '\\'), "$Ahello.tar.gz$A");
  EXPECT_EQ(ProcessWord("`$A", v, '`'), "$A");
}

TEST(ParserTest, StagesByNameIndexAndScratch) {
  auto r = ParseText("FROM scratch\nFROM golang AS Build\nFROM build\nCOPY --from=0 /a /b\n");
  ASSERT_EQ(Issues(r), "");
  const Dockerfile& df = *r.file;
  EXPECT_EQ(df.stages[0].base_kind, BaseKind::kScratch);
  EXPECT_EQ(df.stages[1].name, "build");
  EXPECT_EQ(df.stages[2].base_kind, BaseKind::kStage);
  EXPECT_EQ(df.FindStage("0"), &df.stages[0]);
  EXPECT_EQ(df.FindStage("BUILD"), &df.stages[1]);
  EXPECT_EQ(df.FindStage("build", 1), nullptr);
}

TEST(ParserTest, ShellSplitting) {
  auto r = ParseText(
      "FROM a\n"
      "RUN set -eux; curl -fsSL https://x/i.sh | sh && echo ok || exit 1; \\\n"
      "    if [ -f x ]; then rm x; fi; sh -c 'apt-get update && apt-get install -y \"a b\"'\n");
  ASSERT_EQ(Issues(r), "");
  const auto& cmds = r.file->stages[0].instructions[0].commands;
  std::vector<std::string> names;
  for (const auto& c : cmds) names.push_back(std::string(c.name()));
  EXPECT_EQ(names, (std::vector<std::string>{"set", "curl", "sh", "echo", "exit", "[", "rm", "sh",
                                             "apt-get", "apt-get"}));
  EXPECT_EQ(cmds[1].next, Connector::kPipe);
  EXPECT_EQ(cmds[1].pipeline, cmds[2].pipeline);
  EXPECT_NE(cmds[2].pipeline, cmds[3].pipeline);
  EXPECT_EQ(cmds[2].next, Connector::kAnd);
  EXPECT_EQ(cmds[3].next, Connector::kOr);
  EXPECT_EQ(cmds[9].depth, 1);
  EXPECT_EQ(cmds[9].argv.back().text, "a b");
  // Locations inside the sh -c string.
  EXPECT_EQ(cmds[8].argv[0].location.line, 3);
  EXPECT_EQ(cmds[8].argv[0].location.column, 40);
}

TEST(ParserTest, ExecFormShC) {
  auto r = ParseText("FROM a\nRUN [\"/bin/sh\", \"-c\", \"apk add curl\"]\n");
  ASSERT_EQ(Issues(r), "");
  const auto& cmds = r.file->stages[0].instructions[0].commands;
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[1].name(), "apk");
  EXPECT_EQ(cmds[1].argv[0].location.column, 24);
}

TEST(ParserTest, NonPosixShellIsNotSplit) {
  auto r = ParseText("FROM a\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n");
  ASSERT_EQ(Issues(r), "");
  const auto& run = r.file->stages[0].instructions[1];
  EXPECT_TRUE(run.commands.empty());
  ASSERT_EQ(run.scripts.size(), 1u);
  EXPECT_EQ(run.scripts[0].shell, "powershell");
}

TEST(ParserTest, BadLinesAreLocatedAndParsingContinues) {
  auto r = ParseText("RUN x\nFROM a b\nENV\nENV A\nLABEL a b=c\nSHELL sh -c\nUSER 1001\n");
  EXPECT_EQ(r.issues.size(), 5u) << Issues(r);  // `LABEL a b=c` is the legacy form
  ASSERT_EQ(r.file->stages.size(), 1u);
  EXPECT_EQ(r.file->stages[0].instructions.back().keyword, "USER");
}

TEST(BadInputTest, BinaryFile) {
  std::string bin = "FROM a\nRUN x\x01\x02";
  bin += std::string(3, '\0');
  bin += "\xff\xfe";
  auto r = ParseText(bin);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].location.line, 2);
  EXPECT_EQ(r.issues[0].location.column, 8);
  EXPECT_TRUE(r.file->stages.empty());
}

std::string ContinuationFile(size_t bytes) {
  std::string text = "FROM a\nRUN true";
  const std::string line = " && echo continuation-line-of-text \\\n";
  while (text.size() < bytes) text += line;
  text += " && true\nUSER 1001\n";
  return text;
}

double SecondsToParse(const std::string& text, ParseResult* out) {
  auto start = std::chrono::steady_clock::now();
  *out = ParseText(text);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(BadInputTest, TenMegabytesOfContinuationLines) {
  std::string text = ContinuationFile(10u << 20);
  ParseResult r;
  double secs = SecondsToParse(text, &r);
  EXPECT_EQ(Issues(r), "");
  ASSERT_EQ(r.file->stages[0].instructions.size(), 2u);
  EXPECT_GT(r.file->stages[0].instructions[0].commands.size(), 200000u);
  EXPECT_EQ(r.file->stages[0].instructions[1].location.line, 2 + 283399 + 1);
  std::cout << "parsed " << text.size() << " bytes of continuation lines in " << secs << " s\n";
  // Linear time: 8x the input may not take much more than 8x as long (a
  // quadratic parser would take 64x). Absolute times depend on the build type
  // and machine load, so compare sizes instead; take the best of two runs.
  std::string small = ContinuationFile(256u << 10), big = ContinuationFile(2u << 20);
  ParseResult ignored;
  double t_small = std::min(SecondsToParse(small, &ignored), SecondsToParse(small, &ignored));
  double t_big = std::min(SecondsToParse(big, &ignored), SecondsToParse(big, &ignored));
  EXPECT_LT(t_big, 24 * t_small + 0.05) << t_small << " s vs " << t_big << " s";
}

TEST(BadInputTest, UnknownEscapeDirectiveAndUnterminatedHeredoc) {
  auto r = ParseText("# escape=\\\\\nFROM a\nCOPY <<EOF /x\n");
  ASSERT_EQ(r.issues.size(), 2u) << Issues(r);
  EXPECT_EQ(r.issues[0].location.line, 1);
  EXPECT_EQ(r.issues[1].location.line, 3);
  EXPECT_EQ(r.issues[1].location.column, 6);
}

TEST(ParserTest, IsDockerfileName) {
  EXPECT_TRUE(IsDockerfileName("Dockerfile"));
  EXPECT_TRUE(IsDockerfileName("api.Dockerfile"));
  EXPECT_TRUE(IsDockerfileName("Dockerfile.prod"));
  EXPECT_TRUE(IsDockerfileName("Containerfile"));
  EXPECT_FALSE(IsDockerfileName("docker-compose.yml"));
}

TEST(CorpusTest, EveryCorpusDockerfileParsesWithoutPC001) {
  std::string corpus = policycheck::testing::CorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  std::filesystem::path dir = std::filesystem::path(corpus) / "dockerfiles";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file() || !IsDockerfileName(entry.path().filename().string())) continue;
    ++count;
    std::string text = policycheck::testing::ReadFileOrDie(entry.path().string());
    auto r = ParseText(text, entry.path().filename().string());
    EXPECT_EQ(Issues(r), "") << entry.path();
    EXPECT_FALSE(r.file->stages.empty()) << entry.path();
  }
  std::cout << "corpus: " << count << " Dockerfiles parsed\n";
  EXPECT_EQ(count, 604);
}

}  // namespace
}  // namespace policycheck::dockerfile
