#include "app/search_command.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <ostream>

#include <fmt/format.h>

#include "api/dashboard/torrent_json.h"
#include "api/dashboard/torrent_search_params.h"

namespace helmarr::app {

std::string human_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double v = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (v >= 1024 && unit + 1 < std::size(kUnits)) {
    v /= 1024;
    ++unit;
  }
  return v < 10 ? fmt::format("{:.2f} {}", v, kUnits[unit])
         : v < 100 ? fmt::format("{:.1f} {}", v, kUnits[unit])
                   : fmt::format("{:.0f} {}", v, kUnits[unit]);
}

namespace {

// Cuts at a character boundary (never inside a UTF-8 sequence) and marks the cut.
std::string fit(const std::string& s, std::size_t width) {
  if (width == 0 || s.size() <= width) return s;
  std::size_t end = width > 3 ? width - 3 : 0;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "...";
}

void print_table(const library::SearchPage& page, const library::SearchQuery& query, const TableStyle& style,
                 std::ostream& out) {
  // Fixed columns after the name: size 10, type 10, seeders 8, date 10, and gaps.
  constexpr int kFixed = 10 + 10 + 8 + 10 + 8;
  const std::size_t name_width = style.width > kFixed + 20 ? static_cast<std::size_t>(style.width - kFixed) : 0;
  std::size_t col = 4;
  for (const auto& t : page.items) col = std::max(col, fit(t.name, name_width).size());
  if (!page.items.empty()) {
    out << fmt::format("{:<{}}  {:>10}  {:<10}  {:>8}  DATE\n", "NAME", col, "SIZE", "TYPE", "SEEDERS");
    for (const auto& t : page.items) {
      const auto name = fit(t.name, name_width);
      // fmt pads by code points only with a width it can measure; pad bytes by hand.
      out << name << std::string(col - name.size(), ' ')
          << fmt::format("  {:>10}  {:<10}  {:>8}  {}\n", human_size(t.size), media::to_string(t.content_type),
                         t.seeders ? std::to_string(*t.seeders) : "-",
                         api::dashboard::iso8601_seconds(t.created_at()).substr(0, 10));
    }
  }
  const std::string total = fmt::format("{}{} torrent{}", page.total_estimated ? "about " : "", page.total,
                                        page.total == 1 ? "" : "s");
  if (page.items.empty()) {
    out << (page.total > 0 ? fmt::format("No torrents at offset {} ({} in all)\n", query.offset, total)
                           : std::string("No torrents found\n"));
  } else {
    out << fmt::format("Showing {}-{} of {}\n", query.offset + 1, query.offset + static_cast<int>(page.items.size()),
                       total);
  }
}

}  // namespace

int run_search(library::Library& library, const SearchOptions& o, const TableStyle& style, std::ostream& out,
               std::ostream& err) {
  api::dashboard::TorrentSearchParams params;
  params.q = o.text;
  if (o.content_type) params.content_type = *o.content_type;
  if (o.limit) params.limit = *o.limit;
  if (o.offset) params.offset = *o.offset;
  auto query = api::dashboard::parse_torrent_search(params);
  if (!query) {
    err << "helmarr search: " << query.error().message << "\n";
    return 2;
  }
  auto page = library.search(*query);
  if (!page) {
    err << "helmarr search: " << page.error().message << "\n";
    return 1;
  }
  if (o.json) {
    out << api::dashboard::torrent_page_json(*page).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    print_table(*page, *query, style, out);
  }
  return out.good() ? 0 : 1;
}

TableStyle stdout_table_style() {
  TableStyle style;
  if (::isatty(STDOUT_FILENO)) {
    winsize ws{};
    style.width = ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 100;
  }
  return style;
}

}  // namespace helmarr::app
