// An operator's classifier_rules TOML file through apply_classifier_rules:
// refused with a message naming the origin, or rules a Classifier can use.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "media/classifier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr::media;
  static const ClassifierRules builtin = builtin_classifier_rules();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = builtin;
  auto applied = apply_classifier_rules(rules, text, "fuzz.toml");
  if (!applied) {
    FUZZ_CHECK(applied.error().message.rfind("fuzz.toml", 0) == 0);
    return 0;
  }
  FUZZ_CHECK(rules.rules.size() <= kMaxRules);
  const Classifier classifier(std::move(rules));
  const TorrentFileEntry files[] = {{"Show.S01E02.mkv", 700'000'000}, {"cover.jpg", 1000}};
  for (std::string_view name : {"Show.Name.S01E02.1080p.WEB-DL.x264-GRP", "Artist - Album (2020) [FLAC]", ""}) {
    const auto c = classifier.classify({.name = name, .size = std::nullopt, .files = files});
    FUZZ_CHECK(c.confidence >= 0 && c.confidence <= 1);
  }
  return 0;
}
