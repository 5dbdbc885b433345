// The public release-name sample, compared by the rules of
// $HELMARR_SHARED/datasets/README.md, as a ratchet against
// tests/media/data/known_misses.txt. Prints per-field accuracy.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "media/release.h"

namespace helmarr::media {
namespace {

// Lower-case, accents removed, runs of non-alphanumerics -> one space, trimmed.
std::string normalise_title(const std::string& s) {
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    char ch = 0;
    if (c < 0x80) {
      if (std::isalnum(c)) ch = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < s.size()) {
      // Latin-1 supplement letters: strip the accent
      static const char* map = "aaaaaaaceeeeiiiidnooooo/ouuuuypsaaaaaaaceeeeiiiidnooooo/ouuuuypy";
      auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0xBF) {
        char m = map[d - 0x80];
        if (m != '/') ch = m;
      }
      ++i;
      if (!ch) { pending_space = true; continue; }
    } else {
      // other multi-byte characters are kept as-is (non-Latin titles)
      std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
      if (len == 3 && c == 0xE2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
        pending_space = true;  // general punctuation
        i += 2;
        continue;
      }
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(s, i, len);
      i += len - 1;
      continue;
    }
    if (ch) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(ch);
    } else {
      pending_space = true;
    }
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool field_ok(const std::string& field, const nlohmann::json& want, const nlohmann::json& got) {
  if (field == "title") return normalise_title(want.get<std::string>()) == normalise_title(got.is_string() ? got.get<std::string>() : "");
  if (field == "full_season" || field == "proper") {
    bool w = want.is_boolean() && want.get<bool>();
    bool g = got.is_boolean() && got.get<bool>();
    return w == g;
  }
  if (field == "quality" || field == "group") {
    if (want.is_null()) return got.is_null();
    return got.is_string() && lower(want.get<std::string>()) == lower(got.get<std::string>());
  }
  if (field == "languages") {
    for (const auto& l : want) {
      bool found = false;
      for (const auto& g : got) found = found || g == l;
      if (!found) return false;
    }
    return true;
  }
  return want == got;  // year, season, episodes, absolute_episodes, air_date
}

// The known misses: "<input>\t<field> <field>..." per line, '#' comments.
// A field of an input that appears twice in the sample counts as missed when
// either case misses it.
using Misses = std::map<std::string, std::set<std::string>>;

Misses read_known_misses(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  Misses misses;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.rfind('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << path << " line " << n << ": want \"<input>\\t<fields>\", got \"" << line << '"';
      continue;
    }
    const std::string input = line.substr(0, tab);
    if (misses.count(input)) ADD_FAILURE() << path << " line " << n << ": \"" << input << "\" listed twice";
    std::istringstream fields(line.substr(tab + 1));
    for (std::string f; fields >> f;) misses[input].insert(f);
  }
  return misses;
}

std::string joined(const std::set<std::string>& fields) {
  std::string s;
  for (const auto& f : fields) s += (s.empty() ? "" : " ") + f;
  return s;
}

// A ratchet: every case right today must stay right, and a known miss that
// becomes right must leave the list, so the list only shrinks.
TEST(ReleaseDataset, PublicSampleHasNoNewMissesAndTheKnownOnesAreListed) {
  // shared/ sits beside the checkout (as in CI); HELMARR_SHARED points elsewhere.
  const char* env = std::getenv("HELMARR_SHARED");
  const std::string shared = env && *env ? env : HELMARR_SHARED_DIR;
  const std::string path = shared + "/datasets/release-names-public.jsonl";
  const std::string list = std::string(HELMARR_TEST_DIR) + "/media/data/known_misses.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot open " << path;
  const Misses known = read_known_misses(list);

  std::map<std::string, std::pair<int, int>> per_field;  // field -> (right, total)
  Misses missed;                                         // input -> fields wrong now
  std::map<std::string, std::set<std::string>> checked;  // input -> fields its cases check
  int cases = 0, fully_right = 0;
  const bool verbose = std::getenv("HELMARR_DATASET_VERBOSE") != nullptr;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto c = nlohmann::json::parse(line);
    const auto input = c["input"].get<std::string>();
    auto got = to_json(parse_release(input));
    bool all = true;
    for (auto& [field, want] : c["expect"].items()) {
      const bool ok = field_ok(field, want, got[field]);
      checked[input].insert(field);
      auto& f = per_field[field];
      f.first += ok;
      f.second += 1;
      if (ok) continue;
      all = false;
      missed[input].insert(field);
      const auto k = known.find(input);
      if (k == known.end() || !k->second.count(field))
        ADD_FAILURE() << "regression: \"" << input << "\" field " << field << ": want " << want.dump() << " got "
                      << got[field].dump();
      else if (verbose)
        std::printf("MISS %-10s %s\n     want %s got %s\n", field.c_str(), input.c_str(), want.dump().c_str(),
                    got[field].dump().c_str());
    }
    ++cases;
    fully_right += all;
  }
  ASSERT_GT(cases, 0) << path << " holds no cases";

  for (const auto& [input, fields] : known) {
    if (!checked.count(input)) {
      ADD_FAILURE() << list << ": \"" << input << "\" is not in " << path << "; remove it from the list";
      continue;
    }
    std::set<std::string> now_right;
    for (const auto& f : fields) {
      if (!checked[input].count(f))
        ADD_FAILURE() << list << ": \"" << input << "\" lists " << f << ", which its cases do not check";
      else if (!missed[input].count(f)) now_right.insert(f);
    }
    if (now_right.empty()) continue;
    const auto still = missed[input];
    ADD_FAILURE() << "\"" << input << "\" is now right in " << joined(now_right) << ": remove "
                  << (still.empty() ? "its line" : "those fields") << " from " << list
                  << (still.empty() ? "" : " (keep: " + joined(still) + ")");
  }

  for (auto& [field, f] : per_field)
    std::printf("  %-18s %4d/%4d  %.1f%%\n", field.c_str(), f.first, f.second, 100.0 * f.first / f.second);
  std::printf("  fully right: %d/%d = %.1f%%, known misses: %zu inputs\n", fully_right, cases,
              100.0 * fully_right / cases, known.size());
}

}  // namespace
}  // namespace helmarr::media
