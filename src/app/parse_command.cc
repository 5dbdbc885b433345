#include "app/parse_command.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <istream>
#include <ostream>

#include <fmt/format.h>

#include "app/line_reader.h"
#include "media/release.h"

namespace helmarr::app {

namespace {

std::string join(const std::vector<int>& v) {
  std::string out;
  for (int x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return out;
}

// One readable line: the title and only the fields that were found.
std::string summary(std::string_view input, const media::ParsedRelease& r) {
  std::string out = fmt::format("{}\n  title: {}  kind: {}", input, r.title, media::to_string(r.kind));
  auto field = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) out += fmt::format("  {}: {}", name, value);
  };
  if (r.year) field("year", std::to_string(*r.year));
  if (r.season) field("season", std::to_string(*r.season));
  field("seasons", join(r.seasons));
  field("episodes", join(r.episodes));
  field("absolute", join(r.absolute_episodes));
  field("air_date", r.air_date);
  if (r.full_season) field("full_season", "yes");
  field("quality", r.quality);
  field("resolution", r.resolution);
  field("source", r.source);
  field("codec", r.codec);
  field("audio", r.audio);
  field("hdr", join(r.hdr));
  field("edition", r.edition);
  field("languages", join(r.languages));
  if (r.multi) field("multi", "yes");
  if (r.proper) field("proper", "yes");
  if (r.repack) field("repack", "yes");
  if (r.version > 1) field("version", std::to_string(r.version));
  field("group", r.group);
  field("hash", r.hash);
  return out + "\n";
}

void emit(bool json, std::string_view title, std::string& buf) {
  if (title.size() > kMaxTitleBytes) title = title.substr(0, kMaxTitleBytes);
  const auto parsed = media::parse_release(title);
  if (json) {
    media::append_json(parsed, buf);  // same bytes as to_json(parsed).dump()
    buf += '\n';
  } else {
    buf += summary(title, parsed);
  }
}

// Titles are handled in batches of kBatchLines, cut into chunks of
// kChunkLines. This thread and a helper take chunks in turn from a shared
// counter, each chunk into its own buffer; the buffers are then written in
// input order, so the output is the same as a one-by-one loop's.
constexpr std::size_t kChunkLines = 256;
constexpr std::size_t kBatchLines = 64 * kChunkLines;

void emit_batch(bool json, const std::string* titles, std::size_t n, std::vector<std::string>& bufs,
                std::ostream& out) {
  const std::size_t chunks = (n + kChunkLines - 1) / kChunkLines;
  if (bufs.size() < chunks) bufs.resize(chunks);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      auto& buf = bufs[c];
      buf.clear();
      const std::size_t end = std::min(n, (c + 1) * kChunkLines);
      for (std::size_t i = c * kChunkLines; i < end; ++i) emit(json, titles[i], buf);
    }
  };
  if (chunks <= 1) {
    work();
  } else {
    auto helper = std::async(std::launch::async, work);
    work();
    helper.get();  // waits, and rethrows anything the helper threw
  }
  for (std::size_t c = 0; c < chunks; ++c) out.write(bufs[c].data(), static_cast<std::streamsize>(bufs[c].size()));
}

}  // namespace

int run_parse(bool json, const std::vector<std::string>& titles, std::istream& in, std::ostream& out,
              const std::function<bool()>& input_ready) {
  std::vector<std::string> bufs;  // one output buffer per chunk, reused
  if (!titles.empty()) {
    for (std::size_t i = 0; i < titles.size(); i += kBatchLines)
      emit_batch(json, titles.data() + i, std::min(kBatchLines, titles.size() - i), bufs, out);
  } else {
    std::vector<std::string> lines(kBatchLines);  // reused: assign keeps each string's capacity
    LineReader reader(in, kMaxTitleBytes);          // longer lines are cut there
    std::string_view line;
    bool too_long = false;
    bool more = true;
    while (more) {
      std::size_t n = 0;
      while (n < kBatchLines && (more = reader.next(line, too_long))) {
        lines[n].assign(line);
        ++n;
        if (!input_ready()) break;  // the writer is waiting for answers: give them now
      }
      if (n) {
        emit_batch(json, lines.data(), n, bufs, out);
        if (n < kBatchLines) out.flush();
      }
    }
  }
  out.flush();
  return out.good() ? 0 : 1;
}

}  // namespace helmarr::app
