"""The dashboard's views (dashboard/queries, map, timeline, details) as pure functions over the events table."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from dashboard import details, queries, timeline
from dashboard import map as event_map

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def events(seeds_build):
    out, _ = seeds_build
    return queries.prepare(pd.read_parquet(out / "events.parquet"), pd.read_parquet(out / "documents.parquet"))


def test_date_labels_say_only_what_is_known():
    assert queries.date_label("2023-09-13", "2023-09-13", "day") == "13 septembre 2023"
    assert queries.date_label("2023-09-01", "2023-09-30", "month") == "septembre 2023"
    assert queries.date_label("2019-01-01", "2019-12-31", "year") == "2019"
    assert queries.date_label("2019-01-01", "2019-12-31", "year", "en") == "2019"
    assert queries.date_label("2024-03-01", "2024-03-31", "month", "en") == "March 2024"


def test_map_has_basemap_route_points_and_labels_and_plain_text_tooltips(events):
    built = event_map.map_deck(events, tiles=False)
    deck = json.loads(built.to_json())
    ids = [layer["id"] for layer in deck["layers"]]
    assert ids == ["basemap", "route", "events", "labels"]
    assert deck["layers"][3]["characterSet"] == "auto"  # every script and accent, not deck.gl's ASCII default
    assert deck["layers"][0]["data"]["type"] == "FeatureCollection"
    assert set(built._tooltip) == {"text"}  # pydeck's text tooltip, never "html"
    points = deck["layers"][2]["data"]
    assert len(points) == len(events)
    by_sources = {p["event_id"]: p["radius"] for p in points}
    most = events.sort_values("source_count").iloc[-1]
    least = events.sort_values("source_count").iloc[0]
    assert by_sources[most.event_id] > by_sources[least.event_id]


def test_route_follows_day_precise_events_between_cities_and_sites(events):
    legs = event_map.route(events)
    assert not legs.empty
    assert all("Russia" not in leg and "Ukraine" not in leg for leg in legs["leg"])
    assert any("Vostochny Cosmodrome" in leg for leg in legs["leg"])


def test_selected_event_is_drawn_from_data_on_both_charts(events):
    chosen = events.iloc[0].event_id
    deck = json.loads(event_map.map_deck(events, chosen, tiles=False).to_json())
    points = {p["event_id"]: p for p in deck["layers"][2]["data"]}
    assert points[chosen]["selected"] and sum(p["selected"] for p in points.values()) == 1
    assert deck["initialViewState"]["latitude"] == pytest.approx(events.iloc[0].lat)
    spec = timeline.timeline_chart(events, chosen).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["event_id"] for v in values if v["selected"]] == [chosen]
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert {p["name"] for p in params} == {"pick"}
    overview = timeline.overview_chart(events).to_dict()
    assert [p["name"] for p in overview["params"]] == ["window"]


def test_coarse_dates_are_spans_not_false_days(events):
    spec = timeline.timeline_chart(events).to_dict()
    values = next(iter(spec["datasets"].values()))
    coarse = [v for v in values if not v["exact"]]
    assert coarse and all(v["start"] != v["end"] for v in coarse)
    assert any(v["date_label"] == "2019" for v in coarse)


def test_a_single_day_reads_as_a_day_on_a_calendar(events):
    one = events.head(1)
    spec = timeline.timeline_chart(one).to_dict()
    domain = spec["layer"][1]["encoding"]["x"]["scale"]["domain"]
    first, last = (pd.Timestamp(year=d["year"], month=d["month"], day=d["date"]) for d in domain)
    assert (last - first).days >= timeline.MIN_TIMELINE_DAYS and first <= one["start"].iloc[0] <= last
    whole = timeline.timeline_chart(events).to_dict()["layer"][1]["encoding"]["x"]["scale"]["domain"]
    first, last = (pd.Timestamp(year=d["year"], month=d["month"], day=d["date"]) for d in whole)
    assert first == events["start"].min() and last - events["end"].max() <= pd.Timedelta(days=1)


def test_one_place_is_shown_inside_its_country(events):
    view = event_map.view_for(events.head(1), None)
    assert view.zoom <= 5.5 and abs(view.latitude - events.lat.iloc[0]) < 1e-6


def test_large_builds_are_binned():
    many = pd.DataFrame({"start": pd.date_range("2000-01-01", periods=100_000, freq="h")})
    many["end"] = many["start"] + pd.Timedelta(days=1)
    many = many.assign(mid=many["start"], event_id=[f"e{i}" for i in range(len(many))])
    spec = timeline.timeline_chart(many).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len(values) < 1000 and sum(v["events"] for v in values) == 100_000


def test_filters_and_brush(events):
    assert len(queries.apply_filters(events, queries.Filters(places=["Pyongyang"]))) == (events.place_name == "Pyongyang").sum()
    assert len(queries.apply_filters(events, queries.Filters(start=date(2023, 1, 1)))) < len(events)
    assert queries.apply_filters(events, queries.Filters(text="cosmodrome")).place_name.str.contains("Vostochny").any()
    assert queries.apply_filters(events, queries.Filters(min_sources=99)).empty
    brushed = queries.in_window(events, (pd.Timestamp("2023-09-01"), pd.Timestamp("2023-09-30")))
    assert 0 < len(brushed) < len(events)


def test_details_and_article_escape_untrusted_text(events):
    row = events.iloc[0].copy()
    row["title"] = HOSTILE
    row["sources_list"] = [{"doc_id": "x\"'><script>", "sentence": HOSTILE + " à Lyon", "source": HOSTILE}]
    html = details.details_html(row)
    assert "<img" not in html and "<script>" not in html and "&lt;img" in html
    mentions = pd.DataFrame([{"kind": "place", "start": 0, "end": 4, "name": "<b>", "date_start": None, "date_end": None,
                              "precision": ""}])
    article = details.article_html("<b>x</b> " + HOSTILE, mentions)
    assert "<img" not in article and "<b>x" not in article and "<mark" in article


def test_large_builds_are_clustered_on_the_map():
    count = 20_000
    many = pd.DataFrame({"lat": [(i % 170) - 80.0 for i in range(count)], "lon": [(i * 7 % 350) - 175.0 for i in range(count)]})
    many["start"] = pd.Timestamp("2020-01-01")
    many["mid"] = many["start"]
    deck = json.loads(event_map.map_deck(many, tiles=False, basemap_url="app/static/x.geojson").to_json())
    clusters = deck["layers"][1]["data"]
    assert len(clusters) <= event_map.MAX_MAP_POINTS and sum(c["events"] for c in clusters) == count


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


def many_stories(count: int = 40, per_story: int = 50) -> pd.DataFrame:
    """`count` unrelated stories of `per_story` day-precise events each, all over the world, one 20 years earlier."""
    rows = []
    for story in range(count):
        for i in range(per_story):
            rows.append({"event_id": f"s{story}-{i}", "title": f"Event {i}", "headline": f"Event {i} of story {story}",
                         "date_start": f"2024-{1 + story % 12:02d}-{1 + i % 28:02d}", "precision": "day",
                         "place_name": f"Town {story}-{i % 7} Ōmura", "lat": -40 + story * 2 + (i % 7) * 0.3,
                         "lon": -170 + story * 8 + (i % 7) * 0.3, "country_code": "XX", "place_kind": "city",
                         "doc_ids": json.dumps([f"d{story}"]), "source_count": 1, "sources": "[]", "actors": "[]",
                         "confidence": 0.8, "status": "planned" if i % 10 == 0 else "happened",
                         "thread_id": f"t{story}", "thread_title": f"Story {story}"})
    rows.append({**rows[0], "event_id": "old", "date_start": "2004-03-02", "thread_id": "t-old", "thread_title": "Old",
                 "lat": 60.0, "lon": 100.0, "place_name": "Old town"})
    frame = pd.DataFrame(rows)
    frame["date_end"] = frame["date_start"]
    return queries.prepare(frame, language="en")


def test_arcs_join_only_consecutive_events_of_one_thread():
    events = many_stories(6, 10)
    legs = event_map.route(events)
    assert len(legs) > 0
    thread_of_point = {(round(r.lon, 6), round(r.lat, 6)): r.thread_id for r in events.itertuples()}
    for leg in legs.itertuples():
        assert thread_of_point[(round(leg.from_lon, 6), round(leg.from_lat, 6))] == leg.thread_id
        assert thread_of_point[(round(leg.to_lon, 6), round(leg.to_lat, 6))] == leg.thread_id


def test_map_labels_never_overlap_and_the_busiest_place_keeps_its_label():
    events = many_stories(10, 30)
    view = event_map.view_for(events, None)
    labels = event_map.labels_of(events, view.zoom)
    assert 0 < len(labels) < events["place_name"].nunique()
    boxes = []
    for row in labels.itertuples():
        x, y = event_map._pixels(row.lat, row.lon, view.zoom)
        half = event_map.CHARACTER_WIDTH * len(row.place_name) / 2
        boxes.append((x - half, y - 26, x + half, y - 10))
    assert not any(event_map._overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    busiest = events["place_name"].value_counts().index[0]
    assert busiest in set(labels["place_name"])


def test_planned_events_are_hollow_and_called_off_ones_struck_through():
    events = many_stories(2, 10)
    events.loc[events.index[1], "status"] = "cancelled"
    points = event_map.points_of(events, None).set_index("event_id")
    planned, happened, cancelled = events.iloc[0].event_id, events.iloc[2].event_id, events.iloc[1].event_id
    assert points.loc[planned, "colour"][3] < 60 <= points.loc[happened, "colour"][3]
    deck = json.loads(event_map.map_deck(events, tiles=False).to_json())
    assert "called-off" in [layer["id"] for layer in deck["layers"]]
    spec = timeline.timeline_chart(events).to_dict()
    values = {v["event_id"]: v for v in next(iter(spec["datasets"].values()))}
    assert values[planned]["hollow"] and values[cancelled]["struck"] and not values[happened]["hollow"]


def test_the_timeline_opens_on_the_densest_period_with_few_lanes():
    events = many_stories(40, 50)  # 2,001 events, 41 stories
    window = queries.densest_window(events)
    assert window is not None and window[0] > pd.Timestamp("2020-01-01")  # the 2004 event does not squeeze 2024
    spec = timeline.timeline_chart(events, None, "thread", window).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len({v["lane"] for v in values}) <= timeline.MAX_LANES + 1
    overview = timeline.overview_chart(events, window).to_dict()
    assert overview["params"][0]["value"]["x"][0]["year"] == window[0].year


def test_the_legend_lists_stories_largest_first_and_escapes_titles(events):
    summary = queries.threads_summary(events)
    assert list(summary["events"]) == sorted(summary["events"], reverse=True)
    hostile = summary.assign(thread_title=HOSTILE)
    assert "<img" not in details.legend_html(hostile)


def test_a_playback_frame_names_its_data_and_filters_time_on_the_gpu(events):
    urls = {"points": "app/static/p.json", "legs": "app/static/l.json", "labels": "app/static/t.json"}
    deck = json.loads(event_map.map_deck(events, tiles=False, basemap_url="app/static/b.geojson", data_urls=urls,
                                         days=(19000, 19612)).to_json())
    points = next(layer for layer in deck["layers"] if layer["id"] == "events")
    assert points["data"] == urls["points"] and points["filterRange"] == [19000, 19612]
    assert points["extensions"] == [{"@@type": "DataFilterExtension", "filterSize": 1}]
    assert len(json.dumps(deck)) < 5_000  # the frame carries props, not the events
    frame = event_map.map_data(events)["points"]
    assert frame["day"].between(0, 30_000).all()


def test_a_crowded_lane_is_drawn_as_density_not_piled_marks():
    events = many_stories(40, 50)
    spec = timeline.timeline_chart(events, None, "thread", None).to_dict()
    values = next(iter(spec["datasets"].values()))
    crowded = [v for v in values if v["crowd"]]
    assert crowded and all(v["lane"] == timeline.OTHER_LANE for v in crowded)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert "tick" in marks and "point" in marks


def test_a_selection_is_a_ring_and_a_view_put_into_the_views_map_not_the_map_drawn_again():
    events = many_stories(8, 20)
    base = event_map.map_base(events, False, "app/static/b.geojson")
    chosen = events.iloc[30]
    plain = json.loads(base.with_selection(events, None).to_json())
    picked = json.loads(base.with_selection(events, chosen.event_id).to_json())
    assert layer_data(plain, "selected") == [] and layer_data(picked, "events") == layer_data(plain, "events")
    ring = layer_data(picked, "selected")
    assert len(ring) == 1 and (ring[0]["lat"], ring[0]["lon"]) == pytest.approx((chosen.lat, chosen.lon))
    assert picked["initialViewState"]["latitude"] == pytest.approx(chosen.lat)
    assert plain["initialViewState"] == json.loads(event_map.map_deck(events, tiles=False).to_json())["initialViewState"]
    points = next(marker for marker in base.rows if "points" in marker)
    published = json.loads(base.with_selection(events, chosen.event_id, {points: "app/static/p.json"}).to_json())
    assert layer_data(published, "events") == "app/static/p.json"  # a shared view's rows go by URL, once
    assert len(json.dumps(published)) < len(json.dumps(picked)) / 2


def layer_data(deck: dict, layer_id: str):
    return next(item["data"] for item in deck["layers"] if item.get("id") == layer_id)
