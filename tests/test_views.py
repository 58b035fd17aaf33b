"""The dashboard's views as pure functions over the events table: no browser needed."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from dashboard import views

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def events(seeds_build):
    out, _ = seeds_build
    return views.prepare(pd.read_parquet(out / "events.parquet"), pd.read_parquet(out / "documents.parquet"))


def test_date_labels_say_only_what_is_known():
    assert views.date_label("2023-09-13", "2023-09-13", "day") == "13 septembre 2023"
    assert views.date_label("2023-09-01", "2023-09-30", "month") == "septembre 2023"
    assert views.date_label("2019-01-01", "2019-12-31", "year") == "2019"
    assert views.date_label("2019-01-01", "2019-12-31", "year", "en") == "2019"
    assert views.date_label("2024-03-01", "2024-03-31", "month", "en") == "March 2024"


def test_map_has_basemap_route_points_and_labels_and_plain_text_tooltips(events):
    built = views.map_deck(events, tiles=False)
    deck = json.loads(built.to_json())
    ids = [layer["id"] for layer in deck["layers"]]
    assert ids == ["basemap", "route", "events", "labels"]
    assert deck["layers"][0]["data"]["type"] == "FeatureCollection"
    assert set(built._tooltip) == {"text"}  # pydeck's text tooltip, never "html"
    points = deck["layers"][2]["data"]
    assert len(points) == len(events)
    by_sources = {p["event_id"]: p["radius"] for p in points}
    most = events.sort_values("source_count").iloc[-1]
    least = events.sort_values("source_count").iloc[0]
    assert by_sources[most.event_id] > by_sources[least.event_id]


def test_route_follows_day_precise_events_between_cities_and_sites(events):
    legs = views.route(events)
    assert not legs.empty
    assert all("Russia" not in leg and "Ukraine" not in leg for leg in legs["leg"])
    assert any("Vostochny Cosmodrome" in leg for leg in legs["leg"])


def test_selected_event_is_drawn_from_data_on_both_charts(events):
    chosen = events.iloc[0].event_id
    deck = json.loads(views.map_deck(events, chosen, tiles=False).to_json())
    points = {p["event_id"]: p for p in deck["layers"][2]["data"]}
    assert points[chosen]["selected"] and sum(p["selected"] for p in points.values()) == 1
    assert deck["initialViewState"]["latitude"] == pytest.approx(events.iloc[0].lat)
    spec = views.timeline_chart(events, chosen).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["event_id"] for v in values if v["selected"]] == [chosen]
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert {p["name"] for p in params} == {"pick", "brush"}


def test_coarse_dates_are_spans_not_false_days(events):
    spec = views.timeline_chart(events).to_dict()
    values = next(iter(spec["datasets"].values()))
    coarse = [v for v in values if not v["exact"]]
    assert coarse and all(v["start"] != v["end"] for v in coarse)
    assert any(v["date_label"] == "2019" for v in coarse)


def test_a_single_day_reads_as_a_day_on_a_calendar(events):
    one = events.head(1)
    spec = views.timeline_chart(one).to_dict()
    domain = spec["layer"][1]["encoding"]["x"]["scale"]["domain"]
    first, last = (pd.Timestamp(year=d["year"], month=d["month"], day=d["date"]) for d in domain)
    assert (last - first).days >= views.MIN_TIMELINE_DAYS and first <= one["start"].iloc[0] <= last
    whole = views.timeline_chart(events).to_dict()["layer"][1]["encoding"]["x"]["scale"]["domain"]
    first, last = (pd.Timestamp(year=d["year"], month=d["month"], day=d["date"]) for d in whole)
    assert first == events["start"].min() and last - events["end"].max() <= pd.Timedelta(days=1)


def test_one_place_is_shown_inside_its_country(events):
    view = views.view_for(events.head(1), None)
    assert view.zoom <= 5.5 and abs(view.latitude - events.lat.iloc[0]) < 1e-6


def test_large_builds_are_binned():
    many = pd.DataFrame({"start": pd.date_range("2000-01-01", periods=100_000, freq="h")})
    many["end"] = many["start"] + pd.Timedelta(days=1)
    many = many.assign(mid=many["start"], event_id=[f"e{i}" for i in range(len(many))])
    spec = views.timeline_chart(many).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len(values) < 1000 and sum(v["events"] for v in values) == 100_000


def test_filters_and_brush(events):
    assert len(views.apply_filters(events, views.Filters(places=["Pyongyang"]))) == (events.place_name == "Pyongyang").sum()
    assert len(views.apply_filters(events, views.Filters(start=date(2023, 1, 1)))) < len(events)
    assert views.apply_filters(events, views.Filters(text="cosmodrome")).place_name.str.contains("Vostochny").any()
    assert views.apply_filters(events, views.Filters(min_confidence=1.01)).empty
    brushed = views.in_brush(events, (pd.Timestamp("2023-09-01"), pd.Timestamp("2023-09-30")))
    assert 0 < len(brushed) < len(events)


def test_details_and_article_escape_untrusted_text(events):
    row = events.iloc[0].copy()
    row["title"] = HOSTILE
    row["sources_list"] = [{"doc_id": "x\"'><script>", "sentence": HOSTILE + " à Lyon", "source": HOSTILE}]
    html = views.details_html(row)
    assert "<img" not in html and "<script>" not in html and "&lt;img" in html
    mentions = pd.DataFrame([{"kind": "place", "start": 0, "end": 4, "name": "<b>", "date_start": None, "date_end": None,
                              "precision": ""}])
    article = views.article_html("<b>x</b> " + HOSTILE, mentions)
    assert "<img" not in article and "<b>x" not in article and "<mark" in article


def test_large_builds_are_clustered_on_the_map():
    count = 20_000
    many = pd.DataFrame({"lat": [(i % 170) - 80.0 for i in range(count)], "lon": [(i * 7 % 350) - 175.0 for i in range(count)]})
    many["start"] = pd.Timestamp("2020-01-01")
    many["mid"] = many["start"]
    deck = json.loads(views.map_deck(many, tiles=False, basemap_url="app/static/x.geojson").to_json())
    clusters = deck["layers"][1]["data"]
    assert len(clusters) <= views.MAX_MAP_POINTS and sum(c["events"] for c in clusters) == count


@pytest.mark.parametrize("data, suffix", [
    (b"<!DOCTYPE html><html><body>x</body></html>", ".html"),
    (b"\xef\xbb\xbf<html><p>x</p></html>", ".html"),
    (b"---\ntitle: x\n---\nbody", ".md"),
    (b'{"text": "a"}\n{"text": "b"}\n', ".jsonl"),
    (b"Le 13 septembre 2023, a Vladivostok.", ".txt"),
])
def test_upload_type_comes_from_content(data, suffix):
    from dashboard.uploads import sniff_suffix

    assert sniff_suffix(data) == suffix


def test_uploads_are_shown_under_the_names_the_user_gave():
    from dashboard.uploads import label_sources

    documents = pd.DataFrame({"doc_id": ["upload-000.txt", "upload-001.jsonl#7", "upload-002.md", "pasted.txt"],
                              "source": ["", None, "Le Monde", ""]})
    given = {"upload-000.txt": "../../etc/passwd", "upload-001.jsonl": "wire.jsonl", "upload-002.md": "x.md",
             "pasted.txt": "pasted text"}
    labelled = label_sources(documents, given)
    assert list(labelled["source"]) == ["../../etc/passwd", "wire.jsonl#7", "Le Monde", "pasted text"]
    assert list(labelled["doc_id"]) == list(documents["doc_id"])  # ids, and so paths, stay the stored names
