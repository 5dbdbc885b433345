#include "media/quality.h"

namespace helmarr::media {
namespace {

std::string_view by_res(int r, std::string_view q480, std::string_view q576, std::string_view q720,
                        std::string_view q1080, std::string_view q2160) {
  switch (r) {
    case 2160: return q2160;
    case 1080: return q1080;
    case 720: return q720;
    case 576: return q576;
    default: return q480;
  }
}

}  // namespace

QualityResult decide_quality(const QualitySignals& s) {
  QualityResult q;
  int r = s.res ? s.res : s.res_hint;
  q.resolution = r;
  if (s.cam) return {"CAM", "cam", r};
  if (s.telesync) return {"TELESYNC", "telesync", r};
  if (s.telecine) return {"TELECINE", "telecine", r};
  if (s.workprint) return {"WORKPRINT", "workprint", r};
  if (s.dvdscr) return {"DVDSCR", "dvd", r};
  if (s.regional) return {"REGIONAL", "dvd", r};
  if (s.rawhd) return {"Raw-HD", "rawhd", r};

  bool web = s.webdl || s.webrip;
  bool disk_source = s.bluray || s.hddvd;
  // Full disks: a disk marker or a disk-stream codec with no sign of an encode.
  if (!s.episode && !s.remux && !s.encode_marker && !s.german_dl && !s.hevc_1080 && !web &&
      ((disk_source && (s.disk_codec || s.disk_marker)) || (s.disk_marker && s.bluray)))
    return {"BR-DISK", "brdisk", r};
  if (s.remux && !web && !s.hdtv && !s.pdtv) {
    if (r == 2160) return {"Remux-2160p", "remux", r};
    if (r == 1080 || r == 0) return {"Remux-1080p", "remux", r ? r : 1080};
    return {by_res(r, "Bluray-480p", "Bluray-576p", "Bluray-720p", "", ""), "bluray", r};
  }
  if (s.german_dl && s.bluray && s.disk_codec && !s.encode_marker)
    return {r == 2160 ? "Remux-2160p" : "Remux-1080p", "remux", r ? r : 1080};
  if (s.hddvd && !s.bluray) return {by_res(r ? r : 720, "Bluray-480p", "Bluray-576p", "Bluray-720p", "Bluray-1080p", "Bluray-2160p"), "bluray", r};
  if (s.bluray || s.bdrip) {
    if (!r) r = (s.bdrip || s.xvid) ? 480 : 720;
    return {by_res(r, "Bluray-480p", "Bluray-576p", "Bluray-720p", "Bluray-1080p", "Bluray-2160p"), "bluray", r};
  }
  if (s.webrip) {
    if (!r) r = 480;
    return {by_res(r, "WEBRip-480p", "WEBRip-480p", "WEBRip-720p", "WEBRip-1080p", "WEBRip-2160p"), "webrip", r};
  }
  if (s.webdl) {
    if (!r) r = s.web_bracket ? 720 : 480;
    return {by_res(r, "WEBDL-480p", "WEBDL-480p", "WEBDL-720p", "WEBDL-1080p", "WEBDL-2160p"), "webdl", r};
  }
  if (s.hdtv || s.pdtv || s.sdtv) {
    if (s.mpeg2 && s.hdtv && r >= 720) return {"Raw-HD", "rawhd", r};
    if (r >= 720) return {by_res(r, "", "", "HDTV-720p", "HDTV-1080p", "HDTV-2160p"), "hdtv", r};
    if (s.hr || s.hd_tv) return {"HDTV-720p", "hdtv", 720};
    return {"SDTV", s.hdtv ? "hdtv" : "sdtv", r};
  }
  if (s.dvdr) return {"DVD-R", "dvd", r};
  if (s.dvd) return {"DVD", "dvd", r};
  if (r >= 720) return {by_res(r, "", "", "HDTV-720p", "HDTV-1080p", "HDTV-2160p"), "hdtv", r};
  if (r) return {"SDTV", "sdtv", r};
  if (s.ext_m2ts) return {"Bluray-720p", "bluray", 720};
  if (s.any_codec || s.ext_avi) return {"SDTV", "sdtv", 0};
  if (s.ext_hd) return {"HDTV-720p", "", 0};
  if (s.ext_sd) return {"SDTV", "", 0};
  return q;
}

}  // namespace helmarr::media
