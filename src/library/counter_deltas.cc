#include "library/counter_deltas.h"

#include <fmt/format.h>

namespace helmarr::library {

Result<void> CounterDeltas::write(store::Session& s) const {
  std::map<std::string, std::int64_t> deltas{{"torrents", torrents_}, {"releases", releases_}};
  for (std::size_t t = 0; t < by_type_.size(); ++t) {
    deltas[fmt::format("ct:{}", media::kContentTypeNames[t])] += by_type_[t];
  }
  for (const auto& [c, n] : by_category_) deltas[fmt::format("cat:{}", c)] += n;
  for (const auto& [key, delta] : deltas) {
    if (delta == 0) continue;
    const std::vector<store::Value> p{key, delta};
    auto done = s.execute(
        "INSERT INTO library_counters(key, value) VALUES(?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = library_counters.value + excluded.value",
        p);
    if (!done) return tl::unexpected(done.error());
  }
  if (last_added_ > 0) {
    const std::vector<store::Value> p{std::string("last_added_at"), last_added_};
    auto done = s.execute(
        "INSERT INTO library_counters(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
        "CASE WHEN excluded.value > library_counters.value THEN excluded.value ELSE library_counters.value END",
        p);
    if (!done) return tl::unexpected(done.error());
  }
  return {};
}

}  // namespace helmarr::library
