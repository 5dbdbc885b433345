// `helmarr classify` over streams: order, bounded lines, errors in place.
#include "app/classify_command.h"

#include <sstream>

#include <gtest/gtest.h>

namespace helmarr::app {
namespace {

const media::Classifier& classifier() {
  static const media::Classifier c(media::builtin_classifier_rules());
  return c;
}

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(ClassifyCommand, OverlongLineIsAnsweredWithAnErrorAndTheNextLineStillWorks) {
  std::string input = "{\"name\": \"" + std::string(kMaxClassifyLineBytes + 10, 'a') + "\"}\n";
  input += "Show.S01E01.720p.HDTV.x264-GRP\r\n";
  std::istringstream in(input);
  std::ostringstream out;
  EXPECT_EQ(run_classify(classifier(), {.json = true}, {}, in, out), 1);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["error"], "line 1: longer than 16777216 bytes");
  EXPECT_EQ(lines[1]["content_type"], "tv_show");
}

TEST(ClassifyCommand, LastLineWithoutNewlineAndEmptyLines) {
  std::istringstream in("\n{\"name\":\"Movie.2020.1080p.BluRay.x264-GRP\",\"files\":null,\"size\":null}");
  std::ostringstream out;
  EXPECT_EQ(run_classify(classifier(), {.json = true}, {}, in, out), 0);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);  // an empty line is an empty name: unknown
  EXPECT_EQ(lines[0]["content_type"], "unknown");
  EXPECT_EQ(lines[1]["content_type"], "movie");
}

TEST(ClassifyCommand, ManyLinesKeepTheirOrder) {
  std::string input;
  for (int i = 0; i < 5000; ++i)
    input += i % 2 ? "Show.S01E" + std::to_string(i % 90 + 1) + ".720p.HDTV.x264-GRP\n" : "Some.Book." + std::to_string(i) + ".epub\n";
  std::istringstream in(input);
  std::ostringstream out;
  EXPECT_EQ(run_classify(classifier(), {.json = true, .explain = true}, {}, in, out), 0);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(lines[i]["content_type"], i % 2 ? "tv_show" : "ebook") << i;
    EXPECT_FALSE(lines[i]["rules"].empty());
  }
}

TEST(ClassifyCommand, LoadsTheOperatorsFileAfterTheBuiltIns) {
  EXPECT_EQ(load_classifier_rules("")->rules.size(), media::builtin_classifier_rules().rules.size());
  auto missing = load_classifier_rules("/nonexistent/rules.toml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "classifier_rules: /nonexistent/rules.toml: cannot read: No such file or directory");
  auto dir = load_classifier_rules("/");
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().message, "classifier_rules: /: cannot read: Is a directory");
}

}  // namespace
}  // namespace helmarr::app
