// Unit tests per field of the release-name parser.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "media/release.h"

namespace helmarr::media {
namespace {

using V = std::vector<int>;

TEST(ReleaseEpisodes, SeasonEpisodeForms) {
  auto a = parse_release("Series.Title.S01E02.720p.HDTV.x264-DIMENSION");
  EXPECT_EQ(a.title, "Series Title");
  EXPECT_EQ(a.season, 1);
  EXPECT_EQ(a.episodes, V({2}));
  EXPECT_EQ(a.kind, ReleaseKind::tv);
  EXPECT_EQ(parse_release("Series.Title.1x02.HDTV.XviD-LOL").episodes, V({2}));
  EXPECT_EQ(parse_release("Series.Title.S01E02E03.720p").episodes, V({2, 3}));
  EXPECT_EQ(parse_release("Series.Title.S01E02-E04.720p").episodes, V({2, 3, 4}));
  EXPECT_EQ(parse_release("Series Title S01E02 E03 HDTV").episodes, V({2, 3}));
  EXPECT_EQ(parse_release("Series Title - 2x09-2x10 - Name").episodes, V({9, 10}));
  auto packed = parse_release("Series.and.a.Title.103.720p.HDTV.X264-DIMENSION");
  EXPECT_EQ(packed.season, 1);
  EXPECT_EQ(packed.episodes, V({3}));
  EXPECT_EQ(packed.title, "Series and a Title");
}

TEST(ReleaseEpisodes, SeasonPacks) {
  auto a = parse_release("Series.Title.S01.1080p.WEB-DL.AAC2.0.H.264-NTb");
  EXPECT_EQ(a.season, 1);
  EXPECT_TRUE(a.full_season);
  EXPECT_TRUE(a.episodes.empty());
  auto b = parse_release("Series Confidential Season 3");
  EXPECT_EQ(b.season, 3);
  EXPECT_TRUE(b.full_season);
  auto c = parse_release("Series.Title.S01-S03.1080p.BluRay.x264-GRP");
  EXPECT_EQ(c.seasons, V({1, 2, 3}));
  EXPECT_EQ(c.season, 1);
  EXPECT_TRUE(c.full_season);  // a multi-season pack is whole seasons, as Sonarr reads it
}

TEST(ReleaseEpisodes, DailyShows) {
  auto a = parse_release("Daily.Show.2024.01.15.720p.HDTV.x264-GRP");
  EXPECT_EQ(a.air_date, "2024-01-15");
  EXPECT_EQ(a.title, "Daily Show");
  EXPECT_EQ(a.kind, ReleaseKind::tv);
  EXPECT_EQ(parse_release("Daily Show - 30-04-2024 HDTV 1080p").air_date, "2024-04-30");
  EXPECT_EQ(parse_release("Daily.Show.140722.720p.HDTV.x264-GRP").air_date, "2014-07-22");
}

TEST(ReleaseEpisodes, AnimeAbsolute) {
  auto a = parse_release("[Group] Title - 12 [1080p][ABCD1234]");
  EXPECT_EQ(a.title, "Title");
  EXPECT_EQ(a.absolute_episodes, V({12}));
  EXPECT_EQ(a.group, "Group");
  EXPECT_EQ(a.hash, "ABCD1234");
  EXPECT_EQ(a.resolution, "1080p");
  EXPECT_EQ(parse_release("[SubsPlease] Show S2 - 03 (540p) [63501322]").title, "Show S2");
  EXPECT_EQ(parse_release("[DeadFish] Show - 09v2 [720p][AAC]").version, 2);
  EXPECT_EQ(parse_release("Some Show - 031 - The Episode").absolute_episodes, V({31}));
}

TEST(ReleaseTitle, MovieWithYear) {
  auto a = parse_release("The.Movie.Name.2015.1080p.BluRay.x264-SPARKS");
  EXPECT_EQ(a.title, "The Movie Name");
  EXPECT_EQ(a.year, 2015);
  EXPECT_EQ(a.kind, ReleaseKind::movie);
  auto b = parse_release("2001 A Space Odyssey 1968 1080p BluRay x264-GRP");
  EXPECT_EQ(b.title, "2001 A Space Odyssey");
  EXPECT_EQ(b.year, 1968);
  auto c = parse_release("Cars.2.German.DL.720p.BluRay.x264-EmpireHD");
  EXPECT_EQ(c.title, "Cars 2");
  EXPECT_FALSE(c.year.has_value());
}

TEST(ReleaseQuality, MappingTable) {
  struct Case {
    const char* name;
    const char* quality;
  };
  const Case cases[] = {
      {"Show.S01E01.HDTV.XviD-LOL", "SDTV"},
      {"Show.S01E01.DVDRip.XviD-GRP", "DVD"},
      {"Movie.2007.DVD9.NTSC", "DVD-R"},
      {"Show.S01E01.480p.WEB-DL.x264-GRP", "WEBDL-480p"},
      {"Show.S01E01.720p.HDTV.x264-GRP", "HDTV-720p"},
      {"Show.S01E01.1080p.HDTV.x264-GRP", "HDTV-1080p"},
      {"Show.S01E01.720p.WEB-DL.DD5.1.H.264-GRP", "WEBDL-720p"},
      {"Show.S01E01.1080p.WEBRip.x264-GRP", "WEBRip-1080p"},
      {"Show.S01E01.2160p.WEB.H.265-GRP", "WEBDL-2160p"},
      {"Show.S01E01.576p.BluRay.x264-GRP", "Bluray-576p"},
      {"Show.S01E01.720p.BluRay.x264-GRP", "Bluray-720p"},
      {"Movie.2016.1080p.BluRay.x264-GRP", "Bluray-1080p"},
      {"Movie.2016.2160p.UHD.BluRay.x265-GRP", "Bluray-2160p"},
      {"Movie.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-GRP", "Remux-1080p"},
      {"Movie.2016.2160p.BluRay.REMUX.HEVC.TrueHD-GRP", "Remux-2160p"},
      {"Movie.Title.2012.Bluray.1080p.3D.AVC.DTS-HD.MA.5.1.iso", "BR-DISK"},
      {"Show.S01E01.1080i.HDTV.DD5.1.MPEG2-NTb", "Raw-HD"},
      {"Movie Name (2022) 1080p HQCAM ENG x264 AAC - QRips", "CAM"},
      {"Movie.2019.TELESYNC.x264-GRP", "TELESYNC"},
      {"Movie.2019.DVDSCR.x264-GRP", "DVDSCR"},
      {"Just A Name", "Unknown"},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_release(c.name).quality, c.quality) << c.name;
}

TEST(ReleaseRevision, ProperRepackVersion) {
  auto p = parse_release("Show.S01E01.PROPER.720p.HDTV.x264-GRP");
  EXPECT_TRUE(p.proper);
  EXPECT_FALSE(p.repack);
  EXPECT_EQ(p.version, 2);
  auto r = parse_release("Show.S01E01.REPACK.720p.HDTV.x264-GRP");
  EXPECT_TRUE(r.repack);
  EXPECT_TRUE(r.proper);
  auto v = parse_release("[Grp] Show - 05v3 [720p]");
  EXPECT_EQ(v.version, 3);
  EXPECT_FALSE(v.proper);
  EXPECT_EQ(parse_release("Show.S01E01.720p.HDTV.x264-GRP").version, 1);
}

TEST(ReleaseGroup, DashAndBrackets) {
  EXPECT_EQ(parse_release("Show.S01E01.720p.HDTV.X264-DIMENSION").group, "DIMENSION");
  EXPECT_EQ(parse_release("[HorribleSubs] Show - 01 [720p]").group, "HorribleSubs");
  EXPECT_EQ(parse_release("Show.S01E01.720p.WEB-DL.DDP5.1.H.264-NTb-Rakuv").group, "NTb");
  EXPECT_EQ(parse_release("Show S02E09 HDTV x264-2HD [eztv]-[rarbg.com]").group, "2HD");
  EXPECT_EQ(parse_release("Movie (2019) (1080p BluRay x265 HEVC 10bit AAC 7.1 Vyndros)").group, "Vyndros");
  EXPECT_EQ(parse_release("Show S01E01 Episode Title").group, "");
  EXPECT_EQ(parse_release("Show.S01E05.The-Anniversary.WEBDL-1080p.mkv").group, "");
  // A dotted name ending in "-WORD" after the title, nothing technical before it.
  EXPECT_EQ(parse_release("Game.Title.2077.Expansion-RUNE").group, "RUNE");
  EXPECT_EQ(parse_release("The.Amazing.Spider-Man.2012").group, "");  // the dash is in the title
  EXPECT_EQ(parse_release("Spaced Title 2019 Some-Thing").group, "");  // only scene-style dotted names
}

TEST(ReleaseTitle, AdultSceneTagEndsTheTitle) {
  EXPECT_EQ(parse_release("Some.Site.22.03.04.Performer.Name.XXX.1080p.MP4-GRP").title, "Some Site 22 03 04 Performer Name");
  EXPECT_EQ(parse_release("xXx.2002.1080p.BluRay.x264-GRP").title, "xXx");  // a title, not a tag
  EXPECT_EQ(parse_release("xXx.Return.of.Xander.Cage.2017.1080p.BluRay.x264-GRP").title, "xXx Return of Xander Cage");
}

TEST(ReleaseLanguages, CodesAndMulti) {
  auto a = parse_release("Movie.Title.2016.ENG-ITA-FRE.AAC.1080p.WebDL.x264");
  EXPECT_NE(std::find(a.languages.begin(), a.languages.end(), "fr"), a.languages.end());
  EXPECT_NE(std::find(a.languages.begin(), a.languages.end(), "it"), a.languages.end());
  auto m = parse_release("Movie.Title.2020.MULTi.1080p.WEB.H264-GRP");
  EXPECT_TRUE(m.multi);
  auto g = parse_release("The.Good.German.2006.720p.BluRay.x264-GRP");
  EXPECT_EQ(g.title, "The Good German");
  EXPECT_TRUE(g.languages.empty());
}

TEST(ReleaseTech, HdrCodecAudioEdition) {
  auto a = parse_release("Movie.2021.2160p.UHD.BluRay.HDR10+.DV.TrueHD.Atmos.7.1.x265-GRP");
  EXPECT_EQ(a.codec, "x265");
  EXPECT_EQ(a.audio, "atmos");
  EXPECT_EQ(a.hdr, std::vector<std::string>({"hdr10+", "dv"}));
  auto b = parse_release("Movie.Title.Directors.Cut.2008.720p.BluRay.x264-GRP");
  EXPECT_EQ(b.edition, "Director's Cut");
  EXPECT_EQ(b.title, "Movie Title");
  EXPECT_EQ(parse_release("Movie.2013.EXTENDED.1080p.BluRay.x264-GRP").edition, "Extended");
  EXPECT_EQ(parse_release("Movie.2013.IMAX.1080p.WEB-DL.DDP5.1.H.264-GRP").edition, "IMAX");
  EXPECT_EQ(parse_release("Show.S01E01.720p.WEB-DL.DD5.1.H.264-GRP").audio, "ac3");
}

TEST(ReleaseJson, FieldNames) {
  auto j = to_json(parse_release("Show.S01E01.720p.HDTV.x264-GRP"));
  for (const char* f : {"title", "year", "kind", "season", "seasons", "episodes", "absolute_episodes", "air_date",
                        "full_season", "resolution", "source", "quality", "proper", "repack", "version", "codec",
                        "audio", "hdr", "group", "edition", "languages", "multi", "hash"})
    EXPECT_TRUE(j.contains(f)) << f;
  EXPECT_EQ(j["kind"], "tv");
  EXPECT_TRUE(j["year"].is_null());
  EXPECT_EQ(j["source"], "hdtv");
  EXPECT_EQ(j["resolution"], "720p");
}

TEST(ReleaseLanguagesMore, CodesCompoundsAndMl) {
  auto langs = [](const char* n) { return parse_release(n).languages; };
  using V = std::vector<std::string>;
  EXPECT_EQ(langs("Some.Film.2019.DTS.LT.EN-GRP"), V({"lt", "en"}));
  EXPECT_EQ(langs("Some.Film.2019.Georgian.720p.WEB-DL-GRP"), V({"ka"}));
  EXPECT_EQ(langs("Some.Film.2019.RU-KA.720p.WEB-DL"), V({"ru", "ka"}));
  EXPECT_EQ(langs("Some.Film.2019.Rumantsch.720p.WEB-DL-GRP"), V({"rm"}));
  EXPECT_EQ(langs("Some Film 2019 Urdu 720p WEB-DL x264"), V({"ur"}));
  EXPECT_EQ(langs("Some.Show.S02E03.[Uzbek.Dubbed].720p.WEB-DLRip"), V({"uz"}));
  EXPECT_EQ(langs("Some.Show.S02E03.720p.HDTV.XviD.HUNDUB-GRP"), V({"hu"}));
  EXPECT_EQ(langs("Some.Film.2019.720p.BluRay.RoDubbed.x264-GRP"), V({"ro"}));
  EXPECT_EQ(langs("Some.Show.S01E01.3xUkr.Eng.720p.x264"), V({"uk", "en"}));
  EXPECT_EQ(langs("Some.Film.2019.German.ML.DDP.1080p.WEB.H264-GRP"), V({"de", "en"}));
  EXPECT_EQ(langs("Some Film [2019] [BDrip 720p AC3 catal\xc3\xa0]"), V({"ca"}));
  EXPECT_TRUE(langs("Some.Film.2019.720p.BluRay.x264-BEN").empty());
}

TEST(ReleaseQualityMore, SourcesAndDefaults) {
  auto q = [](const char* n) { return parse_release(n).quality; };
  EXPECT_EQ(q("Some Show S01E02 SD-TV"), "SDTV");
  EXPECT_EQ(q("Some Show S01E02 SD_TV"), "SDTV");
  EXPECT_EQ(q("Some Show - S01E02 - Name [HDTV]"), "HDTV-720p");
  EXPECT_EQ(q("Some.Show.S01E02.German.DL.AmazonHD.x264-GRP"), "WEBDL-480p");
  EXPECT_EQ(q("Some.Show.S01E02.German.DL.720p.MaxdomeHD.x264-GRP"), "WEBDL-720p");
  EXPECT_EQ(q("Some.Show.S01E02.1080p.WEB-DL.DD5.1.H.264-BD"), "WEBDL-1080p");
  EXPECT_EQ(q("Some.Film.2009.1080p.HDDVD.x264-GRP"), "Bluray-1080p");
  EXPECT_EQ(q("Some.Show.S01E02.The.Web.Of.Lies-GRP"), "Unknown");
  EXPECT_EQ(q("Some.Show.S01E02.1080p.WEB.x264-GRP"), "WEBDL-1080p");
  EXPECT_EQ(q("Some.Film.2011.BDISO-GRP"), "BR-DISK");
  EXPECT_EQ(q("Some.Film.2011.DVD-R.NTSC-GRP"), "DVD-R");
  EXPECT_EQ(q("Some Show - S01E02 - Name.mkv"), "HDTV-720p");
  EXPECT_EQ(q("Some Show - S01E02 - Name.mp4"), "SDTV");
}

TEST(ReleaseQualityMore, DisksAndPreReleases) {
  auto q = [](const char* n) { return parse_release(n).quality; };
  EXPECT_EQ(q("Some.Film.2016.BR-DISK-GRP"), "BR-DISK");
  EXPECT_EQ(q("Some.Film.2016.1080p.Full.BluRay-GRP"), "BR-DISK");
  EXPECT_EQ(q("Full.Metal.Film.1987.1080p.BluRay.x264-GRP"), "Bluray-1080p");
  EXPECT_EQ(q("Some.Film.2016.1080p.3D.BluRay.MVC.DTS-GRP"), "BR-DISK");
  EXPECT_EQ(q("Some Film 2018 720p HD-TS x264-GRP"), "TELESYNC");
  EXPECT_EQ(q("Some Film 2018 720p HD-TC x264-GRP"), "TELECINE");
  EXPECT_EQ(q("Some.Film.2018.DVDSCREENER.x264-GRP"), "DVDSCR");
}

TEST(ReleaseGroupMore, JunkSuffixesAndTags) {
  auto g = [](const char* n) { return parse_release(n).group; };
  EXPECT_EQ(g("Some.Show.S02E03.720p.BluRay.x264-GRP-1"), "GRP");
  EXPECT_EQ(g("Some.Film.2019.1080p.BDRip.X264.AC3-GRP-Obfuscation"), "GRP");
  EXPECT_EQ(g("Some.Show.S01E02.1080p.WEB-DL.DDP5.1.H.264-GRP-RePACKPOST"), "GRP");
  EXPECT_EQ(g("Some.Show.S01E02.720p.WEBRip.x264-GRP.English"), "GRP");
  EXPECT_EQ(g("Some.Film.2018.720p.BluRay.x264.-[YTS.LT]"), "YTS.LT");
  EXPECT_EQ(g("Some.Show.S01E02.1080p.WEB-DL.DDP2.0.H.264-GRP (Some Words, Multi-Subs)"), "GRP");
  EXPECT_EQ(g("Some Film (2017) (1080p.BD.DD5.1.x265-Encoder[TAG])"), "TAG");
  EXPECT_EQ(g("Some Film 2024 2160p WEB-DL DDP 5.1 Atmos-123456"), "123456");
  EXPECT_EQ(g("Some.Show.S08E03.720p.WEB.DL.AAC2.0.H.264.ABCD"), "ABCD");
  EXPECT_EQ(g("Some Film (2020) [2160p x265 10bit S82 Grp]"), "Grp");
  EXPECT_EQ(g("Some Film (2019) (1080p BluRay x265.10bit.Tigole"), "");
}

TEST(ReleaseAbsoluteMore, BatchRanges) {
  auto a = parse_release("[Grp] Some Show! - 01~10 [1080p]");
  EXPECT_EQ(a.title, "Some Show!");
  EXPECT_EQ(a.absolute_episodes, V({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(parse_release("[Grp] Some Show - 01-03 [BD][720p]").absolute_episodes, V({1, 2, 3}));
  EXPECT_EQ(parse_release("[Grp] Some Show (01-03) [1080p] (Batch)").absolute_episodes, V({1, 2, 3}));
  EXPECT_EQ(parse_release("[Grp] Some Show 01 - 03 [1080p]").absolute_episodes, V({1, 2, 3}));
  // a title number before a spaced dash is not a range start
  auto b = parse_release("[Grp] Some Show 21 - 101 [480p].mkv");
  EXPECT_EQ(b.title, "Some Show 21");
  EXPECT_EQ(b.absolute_episodes, V({101}));
  auto c = parse_release("Some Show (2010) - S01E01-02 (001-002) - Name HDTV-720p");
  EXPECT_EQ(c.episodes, V({1, 2}));
  EXPECT_EQ(c.absolute_episodes, V({1, 2}));
  auto d = parse_release("[Grp] Some Show 214 10x14 [720p]");
  EXPECT_EQ(d.title, "Some Show");
  EXPECT_EQ(d.absolute_episodes, V({214}));
  EXPECT_EQ(d.episodes, V({14}));
}

TEST(ReleaseTitleMore, CjkFansubNames) {
  auto a = parse_release("[\xe5\xad\x97\xe5\xb9\x95\xe7\xbb\x84][\xe4\xb8\xad\xe6\x96\x87/Some Show][01][BIG5][720P]");
  EXPECT_EQ(a.title, "Some Show");
  EXPECT_EQ(a.group, "\xe5\xad\x97\xe5\xb9\x95\xe7\xbb\x84");
  EXPECT_EQ(a.absolute_episodes, V({1}));
  // full-width brackets, a star decoration, "12END"
  auto b = parse_release("\xe3\x80\x90Grp\xe3\x80\x91\xe2\x98\x85" "10\xe6\x9c\x88\xe2\x98\x85[\xe4\xb8\xad_Some Show][12END][720p]");
  EXPECT_EQ(b.title, "Some Show");
  EXPECT_EQ(b.group, "Grp");
  EXPECT_EQ(b.absolute_episodes, V({12}));
  EXPECT_EQ(parse_release("[Grp][Some_Show][01-03\xe5\xae\x8c][720P]").absolute_episodes, V({1, 2, 3}));
  // full-width digits
  EXPECT_EQ(parse_release("[Grp] Some Show - \xef\xbc\x91\xef\xbc\x95\xef\xbc\x98 [1080p]").absolute_episodes, V({158}));
  EXPECT_EQ(parse_release("Leaving Some Film (1897) [DVD].mp4").year, 1897);
  EXPECT_EQ(parse_release("www.Site.com - Some.Film.2008.720p.BluRay.x264-GRP").title, "Some Film");
  EXPECT_EQ(parse_release("Der.Film.deines.Lebens.German.2011.PAL.DVDR-GRP").title, "Der Film deines Lebens");
}

TEST(ReleaseEpisodesMore, SeasonsAndMultiEpisodes) {
  auto a = parse_release("2x04x05.720p.BluRay-GRP");
  EXPECT_EQ(a.season, 2);
  EXPECT_EQ(a.episodes, V({4, 5}));
  EXPECT_EQ(parse_release("Some Show.S6.E1E3.Name.1080p.WEB-DL").episodes, V({1, 2, 3}));
  auto b = parse_release("Some Show Season4 WS PDTV XviD GRP");
  EXPECT_EQ(b.season, 4);
  EXPECT_TRUE(b.full_season);
  auto c = parse_release("Some Show Season 01 - Season 03 1080p BluRay x264-GRP");
  EXPECT_EQ(c.season, 1);
  EXPECT_EQ(c.seasons, V({1, 2, 3}));
  EXPECT_FALSE(parse_release("Some.Show.S02.Part.1.1080p.WEB-DL-GRP").full_season);
  auto d = parse_release("Some.Mini.Show.Part.Two.720p.HDTV.x264-GRP");
  EXPECT_EQ(d.season, 1);
  EXPECT_EQ(d.episodes, V({2}));
  auto e = parse_release("Some Show - S02 - E06 - Name 720p");
  EXPECT_EQ(e.season, 2);
  EXPECT_EQ(e.episodes, V({6}));
  auto f = parse_release("some.show.2015.0308-grp");
  EXPECT_EQ(f.season, 3);
  EXPECT_EQ(f.episodes, V({8}));
  EXPECT_EQ(parse_release("Some Show - Series 1 (1970) DivX").season, 1);
}

}  // namespace
}  // namespace helmarr::media
