// One NDJSON import line (bitmagnet's /import shape) through the library's
// parser, then what the library would store: refused with a reason, or a
// record whose hash, name and files hold what a line may carry, and whose
// filter words (the index's terms column) are lower-case letters and digits.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "library/facet_terms.h"
#include "library/import_line.h"
#include "library/record_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr;
  static library::ImportLineParser parser;
  static const media::Classifier classifier(media::builtin_classifier_rules());
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto record = parser.parse(line, "fuzz");
  if (!record) {
    FUZZ_CHECK(record.error().code == ErrorCode::invalid_request);
    FUZZ_CHECK(!record.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!record->info_hash.empty());
  const auto hex = record->info_hash.hex();
  FUZZ_CHECK(hex.size() == 40 || hex.size() == 64);
  FUZZ_CHECK(!record->name.empty() && record->name.size() <= library::kMaxNameBytes);
  FUZZ_CHECK(!record->source.empty() && record->source.find(',') == std::string::npos);
  if (record->files) {
    for (const auto& f : *record->files) FUZZ_CHECK(!f.path.empty());
  }
  const auto built = library::build_record(*record, record->files ? &*record->files : nullptr, classifier, 0);
  const auto terms = library::terms::for_record(built);
  for (char c : terms) FUZZ_CHECK(c == ' ' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  return 0;
}
