#include "policycheck/source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace policycheck {
namespace {

TEST(SourceStoreTest, AddIsIdempotentAndFindIsIndexed) {
  SourceStore store;
  for (int i = 0; i < 5000; ++i) {
    store.Add(std::make_shared<SourceFile>("dir/f" + std::to_string(i) + ".yaml", "", "a: 1\n"));
  }
  auto again = store.Add(std::make_shared<SourceFile>("dir/f42.yaml", "", "different\n"));
  EXPECT_EQ(again->text(), "a: 1\n");  // the first registration wins
  ASSERT_NE(store.Find("dir/f4999.yaml"), nullptr);
  EXPECT_EQ(store.Find("dir/f4999.yaml")->display_path(), "dir/f4999.yaml");
  EXPECT_EQ(store.Find("dir/nope.yaml"), nullptr);
}

TEST(SourceFileTest, LinesWithoutTerminators) {
  SourceFile f("x", "", "one\r\ntwo\nthree");
  EXPECT_EQ(f.line_count(), 3);
  EXPECT_EQ(f.Line(1), "one");
  EXPECT_EQ(f.Line(2), "two");
  EXPECT_EQ(f.Line(3), "three");
  EXPECT_EQ(f.Line(4), "");
}

namespace bounded {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("pc_source_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string Put(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

TEST(ReadFileBoundedTest, ReadsRegularFilesUpToTheLimit) {
  TempDir dir;
  BoundedRead r = ReadFileBounded(dir.Put("a.yaml", "kind: Pod\n"), 10);
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.regular);
  EXPECT_EQ(r.text, "kind: Pod\n");
  r = ReadFileBounded(dir.Put("b.yaml", "kind: Pod\n!"), 10);
  EXPECT_TRUE(r.too_large);
  EXPECT_EQ(r.text, "");
  EXPECT_NE(r.error.find("file is 11 bytes, larger than the limit of 10 bytes"), std::string::npos) << r.error;
}

TEST(ReadFileBoundedTest, StreamsAreCutOffAtTheLimit) {
  BoundedRead r = ReadFileBounded("/dev/zero", 1 << 20);
  EXPECT_TRUE(r.too_large);
  EXPECT_FALSE(r.regular);
  EXPECT_NE(r.error.find("input is larger than the limit"), std::string::npos) << r.error;
}

TEST(ReadFileBoundedTest, FifoWithoutWriterIsEmptyNotAHang) {
  TempDir dir;
  std::string fifo = (dir.path / "f").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  BoundedRead r = ReadFileBounded(fifo, 100);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.text, "");
}

TEST(ReadFileBoundedTest, DirectoriesAndMissingFilesAreErrors) {
  TempDir dir;
  EXPECT_NE(ReadFileBounded(dir.path.string(), 100).error.find("is a directory"), std::string::npos);
  EXPECT_NE(ReadFileBounded((dir.path / "missing").string(), 100).error.find("cannot read file"),
            std::string::npos);
}

TEST(SourceStoreTest, FindOrLoadNeverReadsRefusedOrSpecialFiles) {
  TempDir dir;
  SourceStore store;
  store.set_max_load_bytes(4);
  EXPECT_EQ(store.FindOrLoad("big", dir.Put("big", "12345")), nullptr);
  ASSERT_NE(store.FindOrLoad("small", dir.Put("small", "1234")), nullptr);
  EXPECT_EQ(store.FindOrLoad("zero", "/dev/zero"), nullptr);
}

}  // namespace bounded

}  // namespace
}  // namespace policycheck
