#include "library/query_language.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace helmarr::library {
namespace {

TEST(QueryLanguage, WordsPhrasesExclusionsPrefixes) {
  auto terms = parse_query(R"(the  "walking   dead" -spoiler expa* -"bad phrase")");
  ASSERT_TRUE(terms);
  ASSERT_EQ(terms->size(), 5u);
  EXPECT_EQ((*terms)[0].text, "the");
  EXPECT_EQ((*terms)[1].text, "walking dead");
  EXPECT_TRUE((*terms)[1].phrase);
  EXPECT_EQ((*terms)[2].text, "spoiler");
  EXPECT_TRUE((*terms)[2].excluded);
  EXPECT_EQ((*terms)[3].text, "expa");
  EXPECT_TRUE((*terms)[3].prefix);
  EXPECT_TRUE((*terms)[4].excluded);
  EXPECT_TRUE((*terms)[4].phrase);
}

TEST(QueryLanguage, PunctuationAloneIsDroppedAndQuotesMayBeOpen) {
  auto terms = parse_query("& - * \"open phrase");
  ASSERT_TRUE(terms);
  ASSERT_EQ(terms->size(), 1u);
  EXPECT_EQ((*terms)[0].text, "open phrase");
  EXPECT_TRUE(parse_query("")->empty());
}

TEST(QueryLanguage, LimitsNameWhatIsWrong) {
  auto too_long = parse_query(std::string(kMaxQueryBytes + 1, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("1024 bytes"), std::string::npos);
  std::string many;
  for (int i = 0; i < 40; ++i) many += "w" + std::to_string(i) + " ";
  auto too_many = parse_query(many);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("32 terms"), std::string::npos);
}

TEST(QueryLanguage, IndexWordsFoldCaseAndLatinAccents) {
  EXPECT_EQ(index_words("Amélie.2001.1080p WEB-DL"), (std::vector<std::string>{"amelie", "2001", "1080p", "web", "dl"}));
  EXPECT_EQ(index_words("ÉCOLE"), std::vector<std::string>{"ecole"});
}

RC_GTEST_PROP(QueryLanguageProperty, AnyTextParsesOrIsRefusedWithAReason, (const std::string& text)) {
  auto terms = parse_query(text);
  if (!terms) {
    RC_ASSERT(!terms.error().message.empty());
    return;
  }
  for (const auto& t : *terms) RC_ASSERT(!t.text.empty());
}

}  // namespace
}  // namespace helmarr::library
