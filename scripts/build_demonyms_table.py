"""Rebuild assets/demonyms.csv: the adjectives of nationality of every country, in French and English, so that
"la capitale ivoirienne" or "the Ivorian capital" resolves to the country's capital.

Source: mledoze/countries (github.com/mledoze/countries, also the npm package world-countries), Open Database
Licence (ODbL) 1.0; its `demonyms` give English and French masculine and feminine forms. French adjectives are
written in lower case, with their plurals. A form two sovereign countries share ("congolais", "Congolese") names
neither and is left out; a form a territory shares with its sovereign ("French", "American") is the sovereign's;
a form that is also a country's own name ("Suisse") is left out, since the name must stay a place.

    python scripts/build_demonyms_table.py countries.json
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "demonyms.csv"
# Forms the press uses that the source lacks (kept from the hand-written table this one replaced).
USAGE = {"US": ["US"], "BY": ["bélarusse", "biélorusse", "biélorusses"], "RU": ["russe", "russes"],
         "GB": ["britannique", "britanniques"], "SA": ["Saudi"], "KZ": ["kazakh", "kazakhe", "kazakhs", "kazakhes", "Kazakh"]}


def french_forms(masculine: str, feminine: str) -> list[str]:
    forms = []
    for word in (masculine, feminine):
        word = word.strip().lower()
        if not word:
            continue
        forms.append(word)
        forms.append(word if word.endswith(("s", "x")) else word + "s")
    return forms


def main(source: Path) -> None:
    countries = json.loads(source.read_text(encoding="utf-8"))
    sovereign = {c["cca2"]: bool(c.get("unMember")) for c in countries}
    names = {n.lower() for c in countries for n in (c["name"]["common"], c["translations"].get("fra", {}).get("common", ""))}
    claims: dict[str, set[str]] = defaultdict(set)
    for country in countries:
        demonyms = country.get("demonyms") or {}
        french = demonyms.get("fra") or {}
        english = demonyms.get("eng") or {}
        forms = french_forms(french.get("m", ""), french.get("f", "")) + [english.get("m", ""), english.get("f", "")]
        for form in forms + USAGE.get(country["cca2"], []):
            if form:
                claims[form].add(country["cca2"])
    by_country: dict[str, list[str]] = defaultdict(list)
    usage = {form for forms in USAGE.values() for form in forms}
    for form, codes in claims.items():
        if form.lower() in names and form not in usage:
            continue
        members = [code for code in codes if sovereign.get(code)] if len(codes) > 1 else list(codes)
        if len(members) == 1:
            by_country[members[0]].append(form)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Adjectives of nationality (French and English forms), so \"la capitale ivoirienne\" / \"the Ivorian capital\"\n")
        handle.write("# resolve to the country's capital. Derived by scripts/build_demonyms_table.py from mledoze/countries\n")
        handle.write("# (ODbL 1.0, github.com/mledoze/countries); do not edit by hand.\n")
        writer = csv.writer(handle)
        writer.writerow(["country_code", "forms"])
        for code in sorted(by_country):
            writer.writerow([code, "|".join(sorted(set(by_country[code]), key=lambda f: (f[0].isupper(), f)))])
    print(f"{len(by_country)} countries -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
