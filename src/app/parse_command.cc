#include "app/parse_command.h"

#include <istream>
#include <ostream>

#include <fmt/format.h>

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

void emit(bool json, std::string_view title, std::ostream& out) {
  if (title.size() > kMaxTitleBytes) title = title.substr(0, kMaxTitleBytes);
  const auto parsed = media::parse_release(title);
  if (json) {
    out << media::to_json(parsed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    out << summary(title, parsed);
  }
}

}  // namespace

int run_parse(bool json, const std::vector<std::string>& titles, std::istream& in, std::ostream& out) {
  if (!titles.empty()) {
    for (const auto& t : titles) emit(json, t, out);
  } else {
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
      emit(json, line, out);
    }
  }
  out.flush();
  return out.good() ? 0 : 1;
}

}  // namespace helmarr::app
