// @ctrl/video-filename-parser side: its answer in `helmarr parse --json` field names.
import { filenameParse, parseQuality, QualityModifier, Source } from '@ctrl/video-filename-parser';

// Its Language enum -> ISO 639-1. Flemish -> nl, Brazilian -> pt, Cantonese/
// Mandarin -> zh, Nordic has no single code (dropped).
const ISO = {
  English: 'en', French: 'fr', Spanish: 'es', German: 'de', Italian: 'it', Danish: 'da', Dutch: 'nl',
  Japanese: 'ja', Cantonese: 'zh', Mandarin: 'zh', Russian: 'ru', Polish: 'pl', Vietnamese: 'vi',
  Swedish: 'sv', Norwegian: 'no', Finnish: 'fi', Turkish: 'tr', Portuguese: 'pt', Flemish: 'nl',
  Greek: 'el', Korean: 'ko', Hungarian: 'hu', Persian: 'fa', Bengali: 'bn', Bulgarian: 'bg',
  Brazilian: 'pt', Hebrew: 'he', Czech: 'cs', Ukrainian: 'uk', Catalan: 'ca', Chinese: 'zh', Thai: 'th',
  Hindi: 'hi', Tamil: 'ta', Arabic: 'ar', Estonian: 'et', Icelandic: 'is', Latvian: 'lv',
  Lithuanian: 'lt', Romanian: 'ro', Slovak: 'sk', Serbian: 'sr',
};

// sources + resolution + modifier -> Sonarr/Radarr quality name. The modifier
// (Remux / BR-DISK / Raw-HD) is not in filenameParse's result, so the exported
// parseQuality(name) is called too (and counted in the throughput).
// Choices: no DVD-R notion (full DVD discs come out DVD); a missing resolution
// gives Bluray-720p / WEBDL-480p / WEBRip-480p / SDTV (Sonarr's defaults);
// a resolution without a source is treated as TV (HDTV-<res> or SDTV).
function qualityName(q) {
  const res = q.resolution ? q.resolution.toLowerCase() : null;
  if (q.modifier === QualityModifier.BRDISK) return 'BR-DISK';
  if (q.modifier === QualityModifier.REMUX) return `Remux-${res ?? '1080p'}`;
  if (q.modifier === QualityModifier.RAWHD) return 'Raw-HD';
  const s = q.sources ?? [];
  const tv = () => (res === '720p' || res === '1080p' || res === '2160p' ? `HDTV-${res}` : 'SDTV');
  if (s.includes(Source.BLURAY)) return `Bluray-${res ?? '720p'}`;
  if (s.includes(Source.WEBDL)) return `WEBDL-${res ?? '480p'}`;
  if (s.includes(Source.WEBRIP)) return `WEBRip-${res ?? '480p'}`;
  if (s.includes(Source.TV) || s.includes(Source.PPV)) return tv();
  if (s.includes(Source.DVD)) return 'DVD';
  if (s.includes(Source.CAM)) return 'CAM';
  if (s.includes(Source.TELESYNC)) return 'TELESYNC';
  if (s.includes(Source.TELECINE)) return 'TELECINE';
  if (s.includes(Source.SCREENER)) return 'DVDSCR';
  if (s.includes(Source.WORKPRINT)) return 'WORKPRINT';
  if (res) return tv();
  return null;
}

const iso = (d) =>
  d instanceof Date && !Number.isNaN(d.getTime())
    ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    : null;

// The parser must be told TV or movie. We ask for a TV parse first: its result
// carries isTv only when its own season/episode/date detection matched; otherwise
// the movie parse (title + year) is used.
export function ctrlParse(name) {
  let r = filenameParse(name, true);
  let isTv = r.isTv === true;
  if (isTv && r.seasons?.length === 1 && r.episodeNumbers?.length === 1) {
    // Its TV parse reads a bare year as season+episode ("Movie.2009.German..." ->
    // S20E09). When the movie parse finds that very year, take the movie parse.
    const m = filenameParse(name, false);
    if (m.year && `${r.seasons[0]}${String(r.episodeNumbers[0]).padStart(2, '0')}` === String(m.year)) {
      r = m;
      isTv = false;
    }
  }
  if (!isTv) r = filenameParse(name, false);
  const q = parseQuality(name);
  let season = isTv && r.seasons && r.seasons.length ? r.seasons[0] : null;
  let episodes = isTv ? r.episodeNumbers ?? [] : [];
  let absolute = [];
  const airDate = isTv ? iso(r.airDate) : null;
  // It has no absolute-episode field: an episode number without a season
  // (anime "Show - 12") is reported as absolute, as Sonarr does.
  if (isTv && season === null && episodes.length && !airDate) {
    absolute = episodes;
    episodes = [];
  }
  if (airDate) season = null;
  const year = r.year ? Number(r.year) : null;
  return {
    kind: isTv ? 'tv' : 'movie',
    title: r.title ?? null,
    year,
    season,
    episodes,
    absolute_episodes: absolute,
    air_date: airDate,
    full_season: isTv ? Boolean(r.fullSeason) : false,
    // README: proper = PROPER/REPACK (Sonarr revision > 1); REAL counts too.
    proper: Boolean(r.revision && (r.revision.version > 1 || r.revision.real > 0)),
    quality: qualityName(q),
    group: r.group ?? null,
    languages: [...new Set((r.languages ?? []).map((l) => ISO[l]).filter(Boolean))],
  };
}
