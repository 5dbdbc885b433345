#pragma once
// Maps the quality evidence found in a name (source words, resolution,
// codecs, disk markers) to a Sonarr/Radarr quality name, following the
// precedence those projects use (e.g. REMUX beats BluRay, MPEG2 HDTV is Raw-HD).
#include <string_view>

namespace helmarr::media {

struct QualitySignals {
  int res = 0;       // explicit resolution (720p, 1280x720, ...)
  int res_hint = 0;  // weak hint: 4K/UHD -> 2160, FHD -> 1080, "HD" services -> 720
  bool bluray = false, bdrip = false, remux = false, webdl = false, webrip = false, web_bracket = false;
  bool hdtv = false, hd_tv = false, pdtv = false, sdtv = false, dvd = false, dvdr = false;
  bool cam = false, telesync = false, telecine = false, workprint = false, dvdscr = false, regional = false;
  bool rawhd = false, hddvd = false, hr = false, webdl_sd = false;
  bool disk_marker = false;  // ISO, COMPLETE+BluRay, BD25/50/66, 3D BD, BDMV, UNTOUCHED
  bool disk_codec = false;   // AVC/HEVC/VC-1/MPEG-2 named as a disk stream
  bool encode_marker = false;  // x264/x265/XviD/MKV/720p/BDRip: an encode, not a disk
  bool hevc_1080 = false;
  bool german_dl = false;
  bool mpeg2 = false;
  bool xvid = false, any_codec = false;
  bool ext_avi = false, ext_m2ts = false;
  bool ext_hd = false, ext_sd = false;  // .mkv/.ts and the SD video extensions: last resort
  bool episode = false;  // TV episodes are never full disks
};

struct QualityResult {
  std::string_view quality = "Unknown";
  std::string_view source;  // empty when unknown
  int resolution = 0;
};

QualityResult decide_quality(const QualitySignals& s);

}  // namespace helmarr::media
