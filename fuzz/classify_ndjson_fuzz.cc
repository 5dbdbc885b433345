// One NDJSON line of `helmarr classify` through media::TorrentJson and the
// built-in classifier: refused with a message, or classified with its answer
// written as valid JSON equal to to_json().
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "media/torrent_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr::media;
  static const Classifier classifier(builtin_classifier_rules());
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto torrent = TorrentJson::parse(line);
  if (!torrent) {
    FUZZ_CHECK(!torrent.error().message.empty());
    return 0;
  }
  const auto c = classifier.classify(torrent->description());
  FUZZ_CHECK(c.confidence >= 0 && c.confidence <= 1);
  std::string out;
  append_json(c, /*explain=*/true, out);
  auto written = nlohmann::json::parse(out, nullptr, false);
  FUZZ_CHECK(!written.is_discarded());
  FUZZ_CHECK(written == to_json(c, /*explain=*/true));
  return 0;
}
