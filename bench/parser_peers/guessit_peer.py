#!/usr/bin/env python3
"""guessit 3.x side of bench/parser_peers.sh.

Reads release names (one per line) from stdin, prints one JSON object per name
with guessit's answer translated into the field names of `helmarr parse --json`
(scoring is done once, in score.mjs). The last line is
{"_throughput": titles_per_second, "_titles": n, "_seconds": s}: the names are
parsed in passes until at least MIN_SECONDS have elapsed (guessit runs at
roughly 100 titles/s, so one pass of the 754 public names is already > 2 s).
Run with Debian's /usr/bin/python3 (python3-guessit).
"""
import json
import sys
import time

import guessit

MIN_SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0

HD = {"720p": 720, "1080p": 1080, "1080i": 1080, "2160p": 2160, "4320p": 2160}


def as_list(v):
    if v is None:
        return []
    return list(v) if isinstance(v, list) else [v]


def quality(g):
    """guessit source + screen_size + other -> Sonarr/Radarr-style quality name.

    Mapping choices (artefacts, not guessit errors, when they disagree):
    - guessit has no "full disc" notion: Blu-ray without Rip/Remux and without
      a resolution becomes BR-DISK, with a resolution Bluray-<res>.
    - no Raw-HD and no DVD-R notion: those cases come out HDTV/DVD.
    - WEB without other=Rip is WEBDL; missing resolution on WEB defaults to 480p
      as Sonarr does.
    - TV-like sources (HDTV, TV, Digital TV, Satellite) are HDTV-<res> at >= 720p,
      else SDTV; a resolution without any source is treated the same way.
    """
    src = as_list(g.get("source"))
    src = src[0] if src else None
    other = as_list(g.get("other"))
    size = g.get("screen_size")
    res = None
    if size:
        h = HD.get(size)
        if h:
            res = f"{h}p"
        elif size in ("480p", "576p", "480i", "576i", "360p", "240p"):
            res = size[:-1] + "p"
    if "Remux" in other:
        return f"Remux-{res or '1080p'}"
    if src in ("Blu-ray", "Ultra HD Blu-ray", "HD-DVD"):
        if res is None and "Rip" not in other:
            return "BR-DISK"
        return f"Bluray-{res or '720p'}"
    if src == "Web":
        kind = "WEBRip" if "Rip" in other else "WEBDL"
        return f"{kind}-{res or '480p'}"
    if src in ("DVD",):
        return "DVD"
    if src in ("Camera", "HD Camera"):
        return "CAM"
    if src in ("Telesync", "HD Telesync"):
        return "TELESYNC"
    if src in ("Telecine", "HD Telecine"):
        return "TELECINE"
    if src == "Workprint":
        return "WORKPRINT"
    if src in ("HDTV", "TV", "Digital TV", "Satellite", "Analog HDTV", "Ultra HDTV", "Pay-per-view", "Video on Demand") or (src is None and res):
        if res in ("720p", "1080p", "2160p"):
            return f"HDTV-{res}"
        return "SDTV"
    return None


def translate(g):
    kind = "tv" if g.get("type") == "episode" else "movie"
    title = g.get("title")
    year = g.get("year")
    season = g.get("season")
    if isinstance(season, list):
        season = season[0]
    episodes = [int(e) for e in as_list(g.get("episode"))]
    absolute = [int(e) for e in as_list(g.get("absolute_episode"))]
    # Sonarr keeps a year that belongs to the series name in the title
    # ("Series Title 2010 S02E14" -> title "Series Title 2010"); guessit moves
    # it to `year`, so for episodes we put it back.
    if kind == "tv" and title and year is not None:
        title = f"{title} {year}"
    # Anime style "Show - 12": guessit gives an episode without a season; Sonarr
    # calls that an absolute episode number.
    if kind == "tv" and season is None and episodes and not absolute and g.get("date") is None:
        absolute, episodes = episodes, []
    date = g.get("date")
    other = as_list(g.get("other"))
    langs = []
    for lang in as_list(g.get("language")):
        a2 = getattr(lang, "alpha2", None)
        if a2:
            langs.append(a2)
    return {
        "kind": kind,
        "title": title,
        "year": year,
        "season": season,
        "episodes": episodes,
        "absolute_episodes": absolute,
        "air_date": date.isoformat() if date is not None and hasattr(date, "isoformat") else None,
        "full_season": kind == "tv" and season is not None and not episodes and not absolute and date is None,
        "proper": "Proper" in other or bool(g.get("proper_count")),
        "quality": quality(g),
        "group": g.get("release_group"),
        "languages": langs,
    }


def main():
    names = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    for n in names[:20]:  # warm-up (rebulk builds its rules lazily)
        guessit.guessit(n)
    out = []
    done = 0
    t0 = time.perf_counter()
    first = True
    while True:
        for n in names:
            g = guessit.guessit(n)
            if first:
                out.append(translate(g))
        done += len(names)
        first = False
        el = time.perf_counter() - t0
        if el >= MIN_SECONDS:
            break
    w = sys.stdout.write
    for o in out:
        w(json.dumps(o) + "\n")
    w(json.dumps({"_throughput": done / el, "_titles": done, "_seconds": el}) + "\n")


if __name__ == "__main__":
    main()
