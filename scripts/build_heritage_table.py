"""Rebuild assets/gazetteer/heritage.csv: the sites of UNESCO's World Heritage List, one point each, with their
English and French names and the short names a newspaper uses ("Mont-Saint-Michel", "Stonehenge", "Machu Picchu").

Landmarks are where culture and religious events happen (a pilgrimage to the Mont-Saint-Michel, the solstice at
Stonehenge); GeoNames' populated places lack them and no package on the registries ships them. UNESCO publishes
its list (names in English and French, coordinates, states) under CC BY-SA 3.0 IGO; this script reads the 2019
export (whc-sites-2019.csv, as published on whc.unesco.org/en/list/ and mirrored in public repositories):

    python scripts/build_heritage_table.py whc-sites-2019.csv

A short name is kept only where it names the site and nothing else the gazetteer knows: "Avebury" and "Rome"
stay the village and the city, "Bath" stays a word.
"""

from __future__ import annotations

import csv
import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "assets" / "gazetteer" / "heritage.csv"
SOURCE = "UNESCO World Heritage List 2019 (whc-sites-2019, CC BY-SA 3.0 IGO)"

# Words that describe a site rather than name it: "Historic Sanctuary of Machu Picchu" is named "Machu Picchu".
DESCRIPTIVE = {
    "historic", "historical", "centre", "center", "city", "old", "town", "towns", "cultural", "landscape", "landscapes",
    "archaeological", "site", "sites", "ruins", "remains", "complex", "ensemble", "monuments", "monument", "associated",
    "architectural", "area", "areas", "zone", "group", "former", "national", "park", "sanctuary", "route", "routes",
    "property", "properties", "heritage", "works", "buildings", "settlement", "settlements", "villages", "village",
    "quarter", "district", "port", "harbour", "fortifications", "fortress", "castles", "churches", "temples", "tombs",
    "mausoleums", "caves", "rock", "art", "paintings", "prehistoric", "ancient", "medieval", "baroque", "gothic",
    "centre-ville", "centre historique", "ville", "vieille", "paysage", "culturel",
    "vestiges", "parc", "sanctuaire", "historique", "biens", "de", "du", "des", "la", "le", "les", "of",
    "the", "and", "et", "its", "sa", "son", "ses", "royal", "imperial", "upper", "lower", "great", "grand", "petit",
    # kinds of building and place: alone, or with a word of the title, they name no one site ("Basilica", "Convent")
    "palace", "palais", "basilica", "basilique", "convent", "couvent", "garden", "gardens", "jardin", "jardins",
    "church", "église", "cathedral", "cathédrale", "abbey", "abbaye", "monastery", "monastère", "castle", "château",
    "tower", "tour", "bridge", "pont", "mosque", "mosquée", "temple", "tomb", "tombeau", "fort", "villa", "house",
    "maison", "museum", "musée", "library", "square", "place", "market", "marché", "mill", "mine", "mines", "canal",
    "railway", "observatory", "hospital", "hôpital", "university", "université", "building", "bâtiment", "citadel",
    "citadelle", "walls", "remparts", "island", "islands", "île", "îles", "lake", "lac", "valley", "vallée",
    "hunting", "chasse", "reserve", "réserve", "forest", "forêt", "mount", "mountains", "scenic", "interest",
}
CONNECTORS = {"de", "du", "des", "la", "le", "les", "d", "of", "the", "sur", "en", "y", "del", "di", "da", "al", "el"}
SPLIT = re.compile(r"\s*(?:[,;:()/]|\s–\s|\s-\s|\band\b|\bet\b|\bwith\b|\bavec\b)\s*")
OF_TAIL = re.compile(r"^(?P<head>.+?)\s+(?:of|de|du|des|d['’])\s*(?:the\s+|la\s+|le\s+|les\s+|l['’])?(?P<tail>[A-ZÀ-Þ].*)$")


def read_rows(path: Path) -> list[dict[str, str]]:
    """The export mixes UTF-8 and Windows-1252 lines: each line is read in the encoding it decodes in."""
    lines = []
    for raw in path.read_bytes().splitlines(keepends=True):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
    return list(csv.DictReader(lines))


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(text))).strip()


def short_names(name: str) -> set[str]:
    """The proper names inside an inscription's title."""
    found = set()
    for part in SPLIT.split(html.unescape(name)):
        part = part.strip(" .'’\"")
        match = OF_TAIL.match(part)
        if match and all(w.lower() in DESCRIPTIVE for w in re.findall(r"[\w\-]+", match.group("head"))):
            part = match.group("tail")
        words = part.split()
        if not 1 <= len(words) <= 4 or any(w.lower() in DESCRIPTIVE - CONNECTORS for w in words):
            continue  # "Redwood National" is a piece of "Redwood National and State Parks", not a name
        if not all(w[0].isupper() or w.lower() in CONNECTORS for w in words) or words[-1].lower() in CONNECTORS:
            continue
        found.add(part)
    return found


def taken(name: str, gazetteer, common) -> bool:
    """A short name that is already the own name of a town, a division or a feature ("Avebury", "Rome"), a name
    of a sizeable town or a division in any language, or a common word ("Bath"). GeoNames' alternate spellings of
    a hamlet do not count: those lists hold oddities."""
    from pipeline.gazetteer import name_key

    key = name_key(name)
    for place in gazetteer.lookup(name):
        if place.pid.startswith("heritage:"):
            continue
        # its own name ("Avebury"), or a name of a town of some size or a division ("Saint-Pétersbourg")
        if name_key(place.name) == key or place.kind in {"region", "country", "macro"} or place.population >= 1000:
            return True
    single_word = " " not in name and "-" not in name  # wordfreq splits "Mont-Saint-Michel" into common words
    return single_word and any(common(name.lower(), language) for language in ("en", "fr"))


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    from wordfreq import zipf_frequency

    from pipeline.gazetteer import shared

    gazetteer = shared()

    def common(word: str, lang: str) -> bool:
        return zipf_frequency(word, lang) >= 3.5

    rows = read_rows(Path(sys.argv[1]))
    out = []
    for row in rows:
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            continue
        name_en, name_fr = plain(row["name_en"]), plain(row["name_fr"])
        aliases = {name_fr} - {name_en}
        aliases |= {s for s in short_names(name_en) | short_names(name_fr) if not taken(s, gazetteer, common)}
        country = (row["iso_code"] or "").split(",")[0].strip().upper()
        out.append({"id": f"whc-{row['id_no']}", "name": name_en, "kind": "site", "subkind": "heritage",
                    "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "country_code": country,
                    "aliases": "|".join(sorted(a for a in aliases if a and not set(a) & {"|", "?", "\ufffd"})),
                    "source": SOURCE})
    out.sort(key=lambda r: r["id"])
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# The sites of UNESCO's World Heritage List (2019 export, CC BY-SA 3.0 IGO), one point each, with\n"
                     "# their English and French names and short names. Derived by scripts/build_heritage_table.py;\n"
                     "# do not edit by hand.\n")
        writer = csv.DictWriter(handle, fieldnames=list(out[0]))
        writer.writeheader()
        writer.writerows(out)
    print(f"{len(out)} sites written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
