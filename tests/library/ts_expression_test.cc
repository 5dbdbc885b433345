#include "library/ts_expression.h"

#include <map>

#include <gtest/gtest.h>

namespace helmarr::library {
namespace {

std::vector<QueryTerm> terms_of(const std::string& text) {
  auto terms = parse_query(text);
  EXPECT_TRUE(terms);
  return terms ? *terms : std::vector<QueryTerm>{};
}

TEST(TsExpression, TsvectorHoldsNameWordsAtAAndTermsAtB) {
  EXPECT_EQ(tsvector_text("The.Office.S01", "c5000 s1"), "'c5000':4B 'office':2A 's01':3A 's1':5B 'the':1A");
}

TEST(TsExpression, QueryWordsAtAFiltersAtBExclusionsLast) {
  SearchQuery q;
  q.categories = {5030, 5040};
  EXPECT_EQ(tsquery_text(terms_of(R"("the office" offi* -cam)"), filter_groups(q, true)),
            "('the':A <-> 'office':A) & 'offi':*A & ('c5030':B | 'c5040':B) & !'cam':A");
  EXPECT_EQ(tsquery_text(terms_of("-cam"), {}), "'all':B & !'cam':A");
  EXPECT_EQ(tsquery_text({}, {}), "");
}

// The index is asked without weights, the commonest parts left to the row
// check while something selective remains; the whole query comes last.
TEST(TsExpression, PartsLeaveTheCommonestToTheRowCheck) {
  const std::map<std::string, double> shares = {{"the", 0.3}, {"c5030", 0.04}, {"c5040", 0.2}, {"s1", 0.02}};
  const auto share = [&](std::span<const std::string> words) {
    double sum = 0;
    for (const auto& w : words) {
      if (auto it = shares.find(w); it != shares.end()) sum += it->second;
    }
    return sum;
  };
  SearchQuery q;
  q.categories = {5030, 5040};
  q.season = 1;
  const double caps[] = {0.005, 0.05};
  const auto parts = tsquery_parts(terms_of("the office -cam"), filter_groups(q, true), share, caps);
  EXPECT_EQ(parts.full, "'the':A & 'office':A & ('c5030':B | 'c5040':B) & ('s1':B) & !'cam':A");
  ASSERT_EQ(parts.index.size(), 3u);
  EXPECT_EQ(parts.index[0], "'office'");
  EXPECT_EQ(parts.index[1], "'office' & ('s1')");
  EXPECT_EQ(parts.index[2], "'the' & 'office' & ('c5030' | 'c5040') & ('s1') & !'cam'");

  // Nothing selective: the whole query only; phrases and prefixes always stay.
  const auto common = tsquery_parts(terms_of("the"), {}, share, caps);
  EXPECT_EQ(common.index, std::vector<std::string>{"'the'"});
  const auto phrase = tsquery_parts(terms_of(R"("the office" the)"), {}, share, caps);
  EXPECT_EQ(phrase.index.front(), "('the' <-> 'office')");
}

TEST(BucketWindow, WholeCoarseBucketsAreOneLexeme) {
  EXPECT_EQ(bucket_window_query(5, 5), "('~b5')");
  EXPECT_EQ(bucket_window_query(62, 130), "('~b62' | '~b63' | '~c1' | '~b128' | '~b129' | '~b130')");
  EXPECT_EQ(bucket_window_query(0, 127), "('~c0' | '~c1')");
}

}  // namespace
}  // namespace helmarr::library
