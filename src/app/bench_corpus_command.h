#pragma once
// `helmarr bench-corpus N [--seed S] [--out FILE]`: writes N records of the
// deterministic benchmark corpus (CorpusGenerator) as NDJSON, the shape
// `helmarr import` and bitmagnet's /import take.
#include <cstdint>
#include <cstdio>
#include <string>

namespace helmarr::app {

struct BenchCorpusOptions {
  std::uint64_t count = 0;
  std::uint64_t seed = 42;
  std::string out;  // a file path; empty: standard output
};

// Returns the exit code: 0, or 1 when the output cannot be written (the
// message, naming the file and the reason, goes to err).
int run_bench_corpus(const BenchCorpusOptions& options, std::FILE* stdout_file, std::FILE* err);

}  // namespace helmarr::app
