#include "library/fts_expression.h"

#include <gtest/gtest.h>

namespace helmarr::library {
namespace {

FtsExpression expr(std::string text, SearchQuery q = {}) {
  q.text = text;
  auto terms = parse_query(text);
  EXPECT_TRUE(terms);
  return fts_expression(*terms, q);
}

TEST(FtsExpression, UserWordsAreQuotedStringsInTheNameColumn) {
  const auto e = expr(R"(the "walking dead" expa* -bad say"hi)");
  EXPECT_EQ(e.match, R"(name : ("the" AND "walking dead" AND "expa" * AND "say""hi") NOT name : "bad")");
  EXPECT_TRUE(e.has_text);
}

TEST(FtsExpression, FiltersAreTermsGroups) {
  SearchQuery q;
  q.categories = {5040, 5030, 5040};
  q.season = 0;
  q.episode = 3;
  const auto e = expr("", q);
  EXPECT_EQ(e.match, R"(terms : ("c5030" OR "c5040") AND terms : ("s0e3"))");
  EXPECT_FALSE(e.has_text);
}

TEST(FtsExpression, IdsWithTextAlsoMatchUnidentifiedTorrents) {
  SearchQuery q;
  q.ids.tvdb = 81189;
  EXPECT_EQ(expr("", q).match, R"(terms : ("tv81189"))");
  EXPECT_EQ(expr("breaking bad", q).match,
            R"(name : ("breaking" AND "bad") AND terms : ("noid" OR "tv81189"))");
}

TEST(FtsExpression, ExclusionsAloneStartFromEverything) {
  EXPECT_EQ(expr("-cam").match, R"(terms : "all" NOT name : "cam")");
  EXPECT_TRUE(expr("").match.empty());
}

TEST(FtsExpression, AFilterNothingCanHaveMatchesNothing) {
  SearchQuery q;
  q.resolutions = {"best"};
  EXPECT_EQ(expr("", q).match, R"(terms : ("none"))");
  SearchQuery ep_only;
  ep_only.episode = 2;
  EXPECT_EQ(expr("", ep_only).match, R"(terms : ("none"))");
}

}  // namespace
}  // namespace helmarr::library
