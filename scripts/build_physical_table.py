"""Rebuild assets/gazetteer/physical.csv: seas, gulfs, straits, islands, mountain ranges, deserts, peninsulas, large
lakes and major rivers, from Natural Earth (public domain), one representative point each.

GeoNames' populated places and divisions (our other sources) have no physical features, and no package on the
registries ships them with names. Natural Earth's 1:10m physical themes do. This script reads them as GeoJSON, as
published in the CC0 mirror github.com/martynafford/natural-earth-geojson (10m/physical/), and writes one row per
named feature:

    python scripts/build_physical_table.py DIR   # DIR holds the files listed in THEMES (.json, or .7z with py7zr)
    python scripts/build_physical_table.py --countries   # only (re)fill the country column of the existing table

An island, a lake, a reservoir or a peninsula lies in one country more often than not: its country is the one whose
outline (Natural Earth 1:50m, assets/basemap/) holds its point, so that "the coast of Newfoundland, Canada" and a
story about Canada can prefer it to a town of the same name elsewhere. Rivers, ranges, seas and regions cross
borders and keep none.

A river whose bare name is a common English word ("Ohio", "Red", "Orange", "Snake") is kept under its name with the feature
word only ("Ohio River", "Red River"): without it a reader would not take the word for a river, and the gazetteer matches
bare names. A lake whose bare name is a common word is left out.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "gazetteer" / "physical.csv"
SOURCE = "Natural Earth 1:10m physical (public domain), via github.com/martynafford/natural-earth-geojson"
THEMES = {
    "ne_10m_geography_marine_polys": "marine",
    "ne_10m_geography_regions_polys": "region",
    "ne_10m_lakes": "lake",
    "ne_10m_rivers_lake_centerlines": "river",
    "ne_10m_rivers_europe": "river",
}
# Natural Earth writes some labels in capitals and with map abbreviations.
ABBREVIATIONS = {"Mts.": "Mountains", "Mts": "Mountains", "Mt.": "Mount", "Pen.": "Peninsula", "I.": "Island",
                 "Is.": "Islands", "Str.": "Strait", "G.": "Gulf", "L.": "Lake", "R.": "River", "Pl.": "Plateau"}
MAJOR_RANK = 9
BASEMAP = Path(__file__).resolve().parent.parent / "assets" / "basemap" / "countries-50m.geojson"
WITHIN_ONE_COUNTRY = {"island", "lake", "alkaline lake", "reservoir", "peninsula"}
# Natural Earth's short map labels of countries, written out so that the gazetteer knows them.
LABEL_WORDS = {"Is.": "Islands", "I.": "Island", "S.": "South", "N.": "Northern", "W.": "Western", "Rep.": "Republic",
               "Dem.": "Democratic", "St.": "Saint", "Fr.": "French", "Eq.": "Equatorial", "Br.": "British",
               "Herz.": "Herzegovina", "Barb.": "Barbuda", "Vin.": "Vincent", "Gren.": "Grenadines", "Geo.": "Georgia",
               "Ter.": "Territory"}  # rivers and lakes up to this Natural Earth scale rank (those a country map labels)


def load(directory: Path, stem: str) -> dict | None:
    plain = directory / f"{stem}.json"
    if plain.exists():
        return json.loads(plain.read_text(encoding="utf-8"))
    packed = directory / f"{stem}.7z"
    if packed.exists():
        import py7zr

        with py7zr.SevenZipFile(packed) as archive:
            return json.loads(next(iter(archive.read([f"{stem}.json"]).values())).read().decode("utf-8"))
    return None


def tidy(name: str) -> str:
    name = " ".join(ABBREVIATIONS.get(word, word) for word in name.split())
    if name.isupper():
        name = " ".join(w if len(w) <= 2 and w.lower() in {"of", "de"} else w.capitalize() for w in name.split())
        name = re.sub(r"\b(Of|De|The|And)\b", lambda m: m.group().lower(), name)
    return name.strip()


def points(geometry: dict) -> list[tuple[float, float]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return [tuple(p) for p in coords[0]]
    if kind == "MultiPolygon":  # the largest part: an archipelago's main island, not the mean of the sea between
        return [tuple(p) for p in max((poly[0] for poly in coords), key=len)]
    if kind == "LineString":
        return [tuple(p) for p in coords]
    if kind == "MultiLineString":
        return [tuple(p) for line in coords for p in line]
    if kind == "Point":
        return [tuple(coords)]
    return []


def common(name: str) -> bool:
    from wordfreq import zipf_frequency

    # English only: French writes its rivers bare ("la Loire", "la Seine"), so they are frequent French words.
    return zipf_frequency(name.lower(), "en") >= 4.0  # "red", "orange", "lot": not "seine" (3.2), "rhine" (3.3)


def main(directory: Path) -> None:
    features: dict[str, dict] = {}
    coordinates: dict[str, list[tuple[float, float]]] = defaultdict(list)
    worded: dict[str, set[str]] = {}  # rows kept under "X River" only: their bare names are no alias
    for stem, theme in THEMES.items():
        data = load(directory, stem)
        if data is None:
            print(f"missing {stem}: skipped", file=sys.stderr)
            continue
        for feature in data["features"]:
            props = feature["properties"]
            name = tidy(props.get("name") or props.get("name_en") or "")
            if not name or not feature.get("geometry"):
                continue
            rank = props.get("scalerank") or 0
            if theme in {"river", "lake"} and rank > MAJOR_RANK:
                continue
            if theme in {"river", "lake"} and common(name):
                if theme == "lake" or name.lower().endswith((" river", " lake")):
                    continue
                # "the Ohio River", "the Red River": a common word is a river with its feature word only
                bare, name = name.lower(), f"{name} River"
                worded.setdefault(f"{theme}:{name.lower()}", set()).add(bare)
            subkind = (props.get("featurecla") or theme).lower().replace("range/mtn", "range").replace("pen/cape", "peninsula")
            if theme == "river":
                subkind = "river"
            key = f"{theme}:{name.lower()}"
            entry = features.setdefault(key, {"name": name, "subkind": subkind, "aliases": set()})
            for field in ("name_fr", "namealt", "name_alt", "name_en"):
                value = props.get(field)
                if value:
                    entry["aliases"].add(tidy(value))
            french = tidy(props.get("name_fr") or "")
            if re.match(r"(?i)mer (?!de |du |des |d['’])", french):
                entry["aliases"].add(french[4:])  # "Mer Méditerranée" is written "la Méditerranée"
            coordinates[key] += points(feature["geometry"])
    rows = []
    for key, entry in sorted(features.items()):
        pts = coordinates[key]
        if not pts:
            continue
        lon = sum(p[0] for p in pts) / len(pts)
        lat = sum(p[1] for p in pts) / len(pts)
        if key in worded and _spread_km(pts) > ONE_RIVER_KM:
            continue  # "Colorado": several rivers of one common name, no one point stands for them
        aliases = {a for a in entry["aliases"] - {entry["name"]} if a and a.lower() not in worded.get(key, ())}
        if entry["subkind"] == "river":  # "Amazon", "Yellow": with the feature word only, as the names are
            aliases = {f"{a} River" if common(a) and not a.lower().endswith(" river") else a for a in aliases}
        aliases = sorted(aliases - {entry["name"]})
        slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
        rows.append([slug, entry["name"], "macro", entry["subkind"], round(lat, 4), round(lon, 4), "", "|".join(aliases), SOURCE])
    write(with_countries(rows))


ONE_RIVER_KM = 2500.0  # a course longer than this across is several rivers that share a name


def _spread_km(pts: list[tuple[float, float]]) -> float:
    """The diagonal of the points' bounding box, in km (roughly: a degree of latitude is 111 km)."""
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    middle = math.radians((max(lats) + min(lats)) / 2)
    return 111.0 * math.hypot(max(lats) - min(lats), (max(lons) - min(lons)) * math.cos(middle))


def _inside(lon: float, lat: float, ring: list) -> bool:
    """Ray casting: whether a point lies inside a polygon's outer ring."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def country_outlines() -> list[tuple[str, tuple[float, float, float, float], list]]:
    """(ISO code, bounding box, outer ring) for every part of every country of the offline basemap."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.gazetteer import shared

    gazetteer = shared()
    outlines = []
    for feature in json.loads(BASEMAP.read_text(encoding="utf-8"))["features"]:
        label = " ".join(LABEL_WORDS.get(word, word) for word in feature["properties"]["name"].split())
        codes = [p.country_code for p in gazetteer.lookup(label) if p.kind == "country"]
        if not codes:
            continue  # a disputed area or a label the gazetteer does not know: its features keep no country
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            ring = [tuple(p) for p in polygon[0]]
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            outlines.append((codes[0], (min(xs), min(ys), max(xs), max(ys)), ring))
    return outlines


def with_countries(rows: list[list]) -> list[list]:
    outlines = country_outlines()
    for row in rows:
        if row[3] not in WITHIN_ONE_COUNTRY:
            continue
        lat, lon = float(row[4]), float(row[5])
        row[6] = next((code for code, (x0, y0, x1, y1), ring in outlines
                       if x0 <= lon <= x1 and y0 <= lat <= y1 and _inside(lon, lat, ring)), "")
    return rows


def write(rows: list[list]) -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Physical features (seas, islands, ranges, deserts, major lakes and rivers), one representative point\n")
        handle.write("# each (the mean of its largest outline or of its course). Derived by scripts/build_physical_table.py\n")
        handle.write("# from Natural Earth 1:10m physical themes, which are in the public domain; do not edit by hand.\n")
        handle.write("# An island's, lake's, reservoir's or peninsula's country is the one whose outline (Natural Earth\n")
        handle.write("# 1:50m, assets/basemap/) holds its point.\n")
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "kind", "subkind", "lat", "lon", "country_code", "aliases", "source"])
        writer.writerows(rows)
    print(f"{len(rows)} features -> {OUT}")


def refill_countries() -> None:
    with OUT.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))[1:]
    write(with_countries(rows))


if __name__ == "__main__":
    refill_countries() if sys.argv[1:] == ["--countries"] else main(Path(sys.argv[1]))
