// Classifier throughput over the labelled corpus (tests/media/data): names
// with and without file lists, every content type. Includes the parse of the
// name, as classify() does it.
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "media/classifier.h"

namespace {

struct Case {
  std::string name;
  std::optional<std::uint64_t> size;
  std::vector<std::string> paths;
  std::vector<helmarr::media::TorrentFileEntry> files;
};

std::vector<Case> load_corpus() {
  std::ifstream in(HELMARR_SOURCE_DIR "/tests/media/data/classification_cases.jsonl");
  std::vector<Case> out;
  std::vector<std::vector<std::uint64_t>> sizes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    Case c{j["name"].get<std::string>(), std::nullopt, {}, {}};
    if (j.contains("size")) c.size = j["size"].get<std::uint64_t>();
    sizes.emplace_back();
    if (j.contains("files")) {
      for (const auto& f : j["files"]) {
        c.paths.push_back(f["path"].get<std::string>());
        sizes.back().push_back(f["size"].get<std::uint64_t>());
      }
    }
    out.push_back(std::move(c));
  }
  // Views into the paths only once no Case moves any more.
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t k = 0; k < out[i].paths.size(); ++k) out[i].files.push_back({out[i].paths[k], sizes[i][k]});
  return out;
}

void BM_Classify(benchmark::State& state) {
  static const auto corpus = load_corpus();
  static const helmarr::media::Classifier classifier(helmarr::media::builtin_classifier_rules());
  if (corpus.empty()) {
    state.SkipWithError("corpus not found");
    return;
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& c = corpus[i];
    auto r = classifier.classify({.name = c.name, .size = c.size, .files = c.files});
    benchmark::DoNotOptimize(r);
    if (++i == corpus.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Classify);

}  // namespace
