// Release-name parser throughput over a realistic mix of names: scene TV,
// P2P movies, anime, daily shows and season packs. Reports items_per_second.
#include <array>
#include <string_view>

#include <benchmark/benchmark.h>

#include "media/release.h"

namespace {

constexpr std::array<std::string_view, 50> kNames = {
    "Series.Title.S02E15.720p.HDTV.X264-DIMENSION",
    "The.Series.S01E05.480p.BluRay.DD5.1.x264-HiSD",
    "Series.Title.S04E01.720p.WEBRip.AAC2.0.x264-NFRiP",
    "The.Good.Series.S05E03.Series.of.Intelligence.1080p.10bit.AMZN.WEB-DL.DDP5.1.HEVC-Vyndros",
    "Hell.on.Series.S02E09-E10.720p.HDTV.x264-EVOLVE",
    "Series.Title.4x05.HDTV.XviD-LOL",
    "Series Title - S01E01 - Pilot [HDTV-720p].mkv",
    "Series.and.a.Title.103.720p.HDTV.X264-DIMENSION",
    "Series.S01.1080p.WEB-DL.AAC2.0.AVC-TrollHD",
    "Series Title Season 2 [WEB 1080p HEVC Opus] [Netaro]",
    "Title.the.Series.S01-03.DVDRip.HebDub",
    "Series.Title.S01E01.Erste.Begegnungen.German.DD51.Synced.DL.1080p.HBOMaxHD.AVC-TVS",
    "Series Title (2021) - S01E02 - Here Goes Nothing (1080p WEB-DL x265 SAMPA).mkv",
    "Show Name (2022) S01 (2160p DSNP WEB-DL H265 DV HDR DDP Atmos 5.1 English - HONE)",
    "Series.Title.S02E04.720p.WEB-DL.AAC2.0.H.264-EVL-RP",
    "A.Late.Talk.Show.2010.10.11.Johnny.Knoxville.iTouch-MW",
    "A Late Talk Show - 2011-04-12 - Gov. Deval Patrick",
    "A.Late.Talk.Show.140722.720p.HDTV.x264-YesTV",
    "Series Title - 30-04-2024 HDTV 1080p H264 AAC",
    "Tree_Series_2018_06_22_Seth_Meyers_720p_HEVC_x265-MeGusta",
    "[HorribleSubs] Series Title - 32 [1080p]",
    "[SubsPlease] Title de Series S2 - 03 (540p) [63501322]",
    "[Commie]_Some_Anime_Show_-_11_[65F220B4]",
    "[Doki]Series Title - 07 (1280x720 Hi10P AAC) [80AF7DDE]",
    "[Erai-raws] Series - 0955 ~ 1005 [1080p]",
    "[DeadFish] Series Title - 09v2 [720p][AAC]",
    "[FFF] Movie no Muromi-san - 10 [BD][1080p-FLAC][0C4091AF]",
    "Series Title EP06 720p x265 AOZ.mp4",
    "[Kaleido-subs] Animation - 12 (S01E12) - (WEB 1080p HEVC x265 10-bit E-AC3 2.0) [1ADD8F6D]",
    "Series Title - 049 - The Day of Fated Meeting",
    "The.Movie.from.U.N.C.L.E.2015.1080p.BluRay.x264-SPARKS",
    "Movie.Title.2016.REMUX.1080p.BluRay.AVC.DTS-HD.MA.5.1-iFT",
    "Movie Name (2021) [Remux-2160p x265 HDR 10-BIT DTS-HD MA 7.1]-FraMeSToR.mkv",
    "Movie.Name.2018.2160p.BluRay.Hybrid-REMUX.AVC.TRUEHD.5.1.Dual.Audio-ZR-",
    "Why.Cant.You.Use.Normal.Characters.2021.2160p.UHD.HDR10+.BluRay.TrueHD.Atmos.7.1.x265-ZONEHD",
    "Movie Name (2003) (2160p BluRay X265 HEVC 10bit HDR AAC 7.1 Tigole) [QxR]",
    "World.Movie.Z.EXTENDED.2013.German.DL.1080p.BluRay.AVC-XANOR",
    "Movie.Title.2005.MULTi.COMPLETE.BLURAY-VLS",
    "Movie Title (2010) 1080p BrRip x264 - YIFY",
    "Movie.Title.2012.Bluray.1080p.3D.AVC.DTS-HD.MA.5.1.iso",
    "2001 A Space Odyssey 1968 1080p BluRay x264-GROUP",
    "Movie Name (2022) 1080p HQCAM ENG x264 AAC - QRips",
    "Movie.Title.2019.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb",
    "Movie.Title.2016.Hun/Ger/Ita.AAC.1080p.WebDL.x264-TKP21",
    "Some.Movie.2020.PAL.2xDVD9",
    "Movie.Title.Directors.Cut.2008.720p.BluRay.x264-GRP",
    "Series.Title.S01.2018.2160p.BluRay.Hybrid-REMUX.AVC.TRUEHD.5.1.Dual.Audio-ZR-",
    "Series Title S01 Eng Fre Ger Ita Por Spa 2160p WEBMux HDR HEVC DDP SGF",
    "The.Series.S25E21.Pay.No1.1080p.WEB-DL.DD5.1.H.264-NTb",
    "Series.Title.S02.THAI.1080p.NF.WEBRip.DDP2.0.x264-PAAI[rartv]",
};

void BM_ParseRelease(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = helmarr::media::parse_release(kNames[i]);
    benchmark::DoNotOptimize(r);
    if (++i == kNames.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseRelease);

}  // namespace
