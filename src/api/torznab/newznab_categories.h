#pragma once
// The standard Newznab category tree, as Sonarr, Radarr and Prowlarr know it
// (NewznabStandardCategory): what caps advertises and what names the ids
// in a feed. Parents are multiples of 1000; a parent includes its children.
#include <span>
#include <string_view>

namespace helmarr::api::torznab {

struct NewznabCategory {
  int id;
  std::string_view name;  // "TV/HD": the full name the *arr apps show
};

struct NewznabParent {
  NewznabCategory category;
  std::span<const NewznabCategory> subcategories;
};

std::span<const NewznabParent> newznab_categories();

inline constexpr bool is_newznab_parent(int id) { return id > 0 && id < 10000 && id % 1000 == 0; }

}  // namespace helmarr::api::torznab
