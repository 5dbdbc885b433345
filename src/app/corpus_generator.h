#pragma once
// A deterministic corpus of torrents for benchmarks and tests: from a seed,
// records in the NDJSON shape bitmagnet's /import takes, whose names follow
// the distributions of real ones (scene and P2P TV and movies, season packs,
// daily shows, anime, music, books, audiobooks, software, games, adult,
// unclassifiable). The same seed gives the same bytes on every machine: all
// randomness is CorpusRng's integer arithmetic, never std:: distributions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/corpus_rng.h"
#include "media/content_type.h"

namespace helmarr::app {

struct CorpusFile {
  std::string path;
  std::uint64_t size = 0;
};

// What the generator meant a name to say: the benchmark draws its queries
// from it, and the tests check the release parser against it.
struct CorpusTruth {
  media::ContentType type = media::ContentType::unknown;
  std::string title;  // the work: show, movie, album, book, program or game title
  std::optional<int> year;
  std::optional<int> season;  // TV: the (first) season
  std::optional<int> last_season;  // TV multi-season packs (S01-S03): the last
  std::vector<int> episodes;  // TV: the episodes, empty for a season pack
  bool season_pack = false;
  bool anime = false;  // episodes are absolute numbers ("[Group] Title - 05")
  std::string air_date;  // daily shows: YYYY-MM-DD
  std::string resolution;  // "1080p", ... or empty
  std::string group;  // the release group when the name carries one
};

struct CorpusRecord {
  std::string info_hash;  // 40 lower-case hex digits, unique within a corpus
  std::string name;
  std::uint64_t size = 0;  // bytes; the files' sum when there are files
  std::int64_t published_at = 0;  // unix seconds, within ~5 years before kCorpusEnd
  std::optional<media::ContentType> content_type;  // what the source says; absent on some
  std::optional<std::vector<CorpusFile>> files;  // absent on some, as from the DHT
  std::optional<std::int64_t> seeders;
  std::optional<std::int64_t> leechers;
  CorpusTruth truth;
};

// Publication times end here (2025-06-01T00:00:00Z), a fixed instant so the
// corpus does not depend on the day it is made.
inline constexpr std::int64_t kCorpusEnd = 1748736000;

class CorpusGenerator {
 public:
  explicit CorpusGenerator(std::uint64_t seed);
  ~CorpusGenerator();
  CorpusGenerator(const CorpusGenerator&) = delete;
  CorpusGenerator& operator=(const CorpusGenerator&) = delete;

  // The next record; valid until the next call.
  const CorpusRecord& next();
  // The next record as one NDJSON line, '\n' included, appended to out.
  void next_line(std::string& out) { append_ndjson(next(), out); }
  std::uint64_t produced() const { return index_; }

  // The record's NDJSON line ('\n' included), appended to out.
  static void append_ndjson(const CorpusRecord& r, std::string& out);

  struct World;  // the shows, movies, artists, ... a seed makes (internal)

 private:
  std::uint64_t seed_;
  std::unique_ptr<World> world_;
  CorpusRng rng_;
  std::uint64_t index_ = 0;
  CorpusRecord record_;
};

// "2024-01-15T08:30:00Z" for unix seconds t.
std::string rfc3339_utc(std::int64_t t);

}  // namespace helmarr::app
