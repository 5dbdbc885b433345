#include "app/bench_corpus_command.h"

#include <cerrno>
#include <cstring>

#include "app/corpus_generator.h"

namespace helmarr::app {

int run_bench_corpus(const BenchCorpusOptions& options, std::FILE* stdout_file, std::FILE* err) {
  std::FILE* out = stdout_file;
  if (!options.out.empty()) {
    out = std::fopen(options.out.c_str(), "wb");
    if (!out) {
      std::fprintf(err, "helmarr bench-corpus: cannot open %s: %s\n", options.out.c_str(), std::strerror(errno));
      return 1;
    }
  }
  CorpusGenerator gen(options.seed);
  std::string buf;
  constexpr std::size_t kFlushBytes = 1 << 20;
  buf.reserve(kFlushBytes + 64 * 1024);
  bool ok = true;
  for (std::uint64_t i = 0; i < options.count && ok; ++i) {
    gen.next_line(buf);
    if (buf.size() >= kFlushBytes || i + 1 == options.count) {
      ok = std::fwrite(buf.data(), 1, buf.size(), out) == buf.size();
      buf.clear();
    }
  }
  if (std::fflush(out) != 0) ok = false;
  const int saved = errno;
  if (out != stdout_file && std::fclose(out) != 0) ok = false;
  if (!ok) {
    std::fprintf(err, "helmarr bench-corpus: cannot write %s: %s\n",
                 options.out.empty() ? "standard output" : options.out.c_str(), std::strerror(saved ? saved : errno));
    return 1;
  }
  return 0;
}

}  // namespace helmarr::app
