#include "policycheck/source.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace policycheck
